// The safetensors format (huggingface/safetensors), which PyTorch, Hugging Face and numpy read:
// an 8-byte little-endian header length N, N bytes of JSON header, then the tensors' bytes. The
// header maps each name to {dtype, shape, data_offsets: [begin, end)} (offsets into the data that
// follows) and may hold "__metadata__", a map of strings. Only float32 tensors are written and
// read here. Reading checks what the reference implementation checks (the tensors tile the data
// exactly, in order, each the size its shape says) and also refuses duplicate names, which a JSON
// parser would silently merge.
import type { NamedTensors } from './graph.ts';

/** The reference implementation's cap on the header. */
const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
/** Assigned as a key of a plain object it would replace the object's prototype, not add a tensor. */
const FORBIDDEN_NAME = '__proto__';

export interface Safetensors {
  metadata: Record<string, string>;
  tensors: NamedTensors;
}

/** Writes `tensors` in their order; the header is padded with spaces so that the data starts 8-byte aligned, as the reference writer does. */
export function encodeSafetensors(tensors: NamedTensors, metadata: Record<string, string>): Uint8Array<ArrayBuffer> {
  const header: Record<string, unknown> = { [METADATA_KEY]: metadata };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    if (name === METADATA_KEY || name === FORBIDDEN_NAME) throw new Error(`safetensors: a tensor may not be named ${name}`);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.length * 4] };
    offset += t.data.length * 4;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((8 + json.length) / 8) * 8 - 8;
  const bytes = new Uint8Array(8 + padded + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(padded), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + padded);
  let at = 8 + padded;
  for (const t of Object.values(tensors)) {
    for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i], true);
  }
  return bytes;
}

/** Whether `bytes` can be a safetensors file at all: a header length that fits, then a JSON object. */
export function looksLikeSafetensors(bytes: ArrayBuffer): boolean {
  if (bytes.byteLength < 10) return false;
  const n = new DataView(bytes).getBigUint64(0, true);
  return n >= 2n && n <= BigInt(bytes.byteLength - 8) && new Uint8Array(bytes, 8, 1)[0] === 0x7b;
}

interface Entry {
  name: string;
  shape: number[];
  begin: number;
  end: number;
}

/** Reads a file of float32 tensors; throws naming the first problem, prefixed by `what` (a file name). */
/** Whether this platform keeps floats little-endian, as safetensors files do. */
const LITTLE_ENDIAN = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

export function decodeSafetensors(bytes: ArrayBuffer, what = 'safetensors'): Safetensors {
  const fail = (message: string): never => {
    throw new Error(`${what}: ${message}`);
  };
  if (bytes.byteLength < 8) fail(`${bytes.byteLength} bytes is too short for a safetensors file`);
  const n = new DataView(bytes).getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER_BYTES, bytes.byteLength - 8))) fail(`the header length (${n} bytes) runs past the file (${bytes.byteLength} bytes)`);
  const headerBytes = new Uint8Array(bytes, 8, Number(n));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    return fail('the header is not UTF-8 text');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    return fail('the header is not JSON');
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) return fail('the header is not a JSON object');
  const repeated = repeatedTopLevelKey(text);
  if (repeated !== null) fail(`"${repeated}" is listed twice`);
  const data = bytes.byteLength - 8 - Number(n);
  const metadata = readMetadata((header as Record<string, unknown>)[METADATA_KEY], fail);
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name !== METADATA_KEY) entries.push(readEntry(name, info, fail));
  }
  // The tensors must tile the data: in offset order, each starts where the last ended.
  const ordered = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let end = 0;
  for (const e of ordered) {
    if (e.begin < end) fail(`"${e.name}" overlaps the tensor before it (it starts at byte ${e.begin}, that one ends at ${end})`);
    if (e.begin > end) fail(`bytes ${end} to ${e.begin} belong to no tensor (before "${e.name}")`);
    end = e.end;
  }
  if (end < data) fail(`${data - end} trailing bytes after the last tensor`);
  if (end > data) fail(`the tensors need ${end} bytes of data but the file holds ${data}`);
  const start = 8 + Number(n);
  const view = new DataView(bytes, start, data);
  const tensors: NamedTensors = {};
  for (const e of entries) {
    // The file's bytes copied as they are where floats are little-endian here too (everywhere in
    // practice): a page's first reading waits on this decode, and a float at a time is far slower.
    const values = LITTLE_ENDIAN ? new Float32Array(bytes.slice(start + e.begin, start + e.end)) : new Float32Array((e.end - e.begin) / 4);
    if (!LITTLE_ENDIAN) for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(e.begin + i * 4, true);
    tensors[e.name] = { shape: e.shape, data: values };
  }
  return { metadata, tensors };
}

function readMetadata(raw: unknown, fail: (m: string) => never): Record<string, string> {
  if (raw === undefined) return {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail(`${METADATA_KEY} is not a JSON object`);
  for (const [k, v] of Object.entries(raw)) if (typeof v !== 'string') fail(`${METADATA_KEY}.${k} is not a string`);
  return raw as Record<string, string>;
}

function readEntry(name: string, info: unknown, fail: (m: string) => never): Entry {
  if (name === FORBIDDEN_NAME) return fail(`"${name}" is not a name a tensor may have`);
  if (!info || typeof info !== 'object') return fail(`"${name}" is not a tensor entry`);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (dtype !== 'F32') fail(`"${name}" is ${typeof dtype === 'string' ? dtype : 'of no dtype'}; only F32 tensors are read`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) fail(`"${name}" has no valid shape`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
    fail(`"${name}" has no valid data_offsets`);
  }
  const [begin, end] = offsets as [number, number];
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  if (end < begin || end - begin !== count * 4)
    fail(`"${name}" spans ${end - begin} bytes but its shape [${(shape as number[]).join(', ')}] needs ${count * 4}`);
  return { name, shape: shape as number[], begin, end };
}

/** The first key that the top level of a JSON object text holds twice (JSON.parse keeps the last silently), or null. */
function repeatedTopLevelKey(json: string): string | null {
  const seen = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        const key = JSON.parse(json.slice(i, j + 1)) as string;
        if (seen.has(key)) return key;
        seen.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      expectKey = depth === 1 && c === '{';
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
  }
  return null;
}
