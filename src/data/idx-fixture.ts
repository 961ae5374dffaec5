// Test fixture: builds IDX files in memory, so parser and loader tests need no assets.

/** An IDX file: big-endian magic and dimensions, then the bytes. */
export function idxFile(magic: number, dims: number[], data: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  bytes.set(Array.from(data), 4 + 4 * dims.length);
  return bytes;
}
