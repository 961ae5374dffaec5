// IDX, the file format MNIST ships in: a big-endian header (magic, then one u32 per dimension)
// followed by the raw values. Every check names the file, so a corrupt or half-downloaded asset
// says which one and how, instead of training on garbage.

export class IdxError extends Error {
  override name = 'IdxError';
}

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, row-major, 0 = paper, 255 = ink. Owns its buffer (offset 0). */
  pixels: Uint8Array<ArrayBuffer>;
}

/** Magic = 0x0000, type 0x08 (unsigned byte), then the number of dimensions. */
const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

export function parseIdxImages(bytes: Uint8Array, fileName: string): IdxImages {
  const [count, rows, cols] = readHeader(bytes, fileName, IMAGES_MAGIC, 'unsigned bytes, 3 dimensions', 3);
  if (rows === 0 || cols === 0) throw new IdxError(`${fileName}: images have a zero dimension (${rows}×${cols})`);
  const size = count * rows * cols;
  checkLength(bytes, fileName, 16, size, `${count}×${rows}×${cols} = ${size} pixel bytes`);
  return { count, rows, cols, pixels: bytes.slice(16) };
}

export function parseIdxLabels(bytes: Uint8Array, fileName: string): Uint8Array<ArrayBuffer> {
  const [count] = readHeader(bytes, fileName, LABELS_MAGIC, 'unsigned bytes, 1 dimension', 1);
  checkLength(bytes, fileName, 8, count, `${count} labels`);
  return bytes.slice(8);
}

/**
 * The whole file's length as its header declares it (magic byte 3 is the number of dimensions),
 * or undefined until enough of the header is at hand. Lets a download that arrives already
 * decompressed still report how far along it is.
 */
export function idxDeclaredLength(start: Uint8Array): number | undefined {
  if (start.length < 4) return undefined;
  const dims = start[3];
  if (start.length < 4 + 4 * dims) return undefined;
  const view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  let length = 1;
  for (let i = 0; i < dims; i++) length *= view.getUint32(4 + 4 * i, false);
  return 4 + 4 * dims + length;
}

function readHeader(bytes: Uint8Array, fileName: string, magic: number, kind: string, dims: number): number[] {
  const headerLength = 4 + 4 * dims;
  const truncated = () => new IdxError(`${fileName}: truncated: ${bytes.length} bytes, shorter than the ${headerLength}-byte header`);
  if (bytes.length < 4) throw truncated();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0, false);
  // The magic first: a wrong file of any length should be called wrong, not short.
  if (found !== magic) {
    throw new IdxError(`${fileName}: bad magic: expected ${hex(magic)} (${kind}), found ${hex(found)}`);
  }
  if (bytes.length < headerLength) throw truncated();
  return Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
}

function checkLength(bytes: Uint8Array, fileName: string, headerLength: number, expected: number, what: string): void {
  const found = bytes.length - headerLength;
  if (found < expected) throw new IdxError(`${fileName}: truncated: header says ${what}, found ${found}`);
  if (found > expected) throw new IdxError(`${fileName}: too long: header says ${what}, found ${found} (${found - expected} extra)`);
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
