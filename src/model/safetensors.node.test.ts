// The format as its description gives it (github.com/huggingface/safetensors, "Format"): files are
// built here byte by byte, without our writer, and our writer's bytes are checked field by field.
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, looksLikeSafetensors } from './safetensors.ts';

/** A file from a header text and data bytes, as the format describes: u64 LE header size, header, data. */
function handmade(header: string, data: number[]): ArrayBuffer {
  const h = new TextEncoder().encode(header);
  const bytes = new Uint8Array(8 + h.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(h.length), true);
  bytes.set(h, 8);
  bytes.set(data, 8 + h.length);
  return bytes.buffer;
}

/** float32 little-endian bytes, written by hand rather than through a typed array. */
function f32(...values: number[]): number[] {
  const out: number[] = [];
  for (const v of values) {
    const b = new DataView(new ArrayBuffer(4));
    b.setFloat32(0, v, true);
    out.push(b.getUint8(0), b.getUint8(1), b.getUint8(2), b.getUint8(3));
  }
  return out;
}

describe('safetensors, read', () => {
  it('decodes a file built by hand from the description (unpadded header, tensors out of name order)', () => {
    const header = '{"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]},"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[1,3],"data_offsets":[0,12]}}';
    const file = handmade(header, f32(1, -2.5, 3, 1e-8, 65504));
    expect(looksLikeSafetensors(file)).toBe(true);
    const { metadata, tensors } = decodeSafetensors(file);
    expect(metadata).toEqual({ k: 'v' });
    expect(tensors.a).toEqual({ shape: [1, 3], data: new Float32Array([1, -2.5, 3]) });
    expect(tensors.b).toEqual({ shape: [2], data: new Float32Array([1e-8, 65504]) });
  });

  it('reads a file without metadata and a scalar of shape []', () => {
    const { metadata, tensors } = decodeSafetensors(handmade('{"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}  ', f32(7)));
    expect(metadata).toEqual({});
    expect(tensors.s).toEqual({ shape: [], data: new Float32Array([7]) });
  });

  const one = (offsets: string, extra = '') => `{"x":{"dtype":"F32","shape":[2],"data_offsets":${offsets}}${extra}}`;
  it.each([
    ['trailing bytes', handmade(one('[0,8]'), f32(1, 2, 3)), /4 trailing bytes after the last tensor/],
    ['a truncated file', handmade(one('[0,8]'), f32(1)), /the tensors need 8 bytes of data but the file holds 4/],
    ['a tensor listed twice', handmade(`${one('[0,8]').slice(0, -1)},"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, f32(1, 2)), /"x" is listed twice/],
    [
      'overlapping tensors',
      handmade(`${one('[0,8]').slice(0, -1)},"y":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, f32(1, 2)),
      /"y" overlaps the tensor before it/,
    ],
    ['a gap', handmade(one('[4,12]'), f32(0, 1, 2)), /bytes 0 to 4 belong to no tensor/],
    ['a size that is not its shape', handmade(one('[0,4]'), f32(1)), /"x" spans 4 bytes but its shape \[2\] needs 8/],
    ['another dtype', handmade('{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0]), /"h" is F16; only F32 tensors are read/],
    ['a header that is not JSON', handmade('{"x":', []), /the header is not JSON/],
    [
      'a header longer than the file',
      (() => {
        const b = new Uint8Array(16);
        new DataView(b.buffer).setBigUint64(0, 1000n, true);
        return b.buffer;
      })(),
      /the header length \(1000 bytes\) runs past the file \(16 bytes\)/,
    ],
    ['non-string metadata', handmade('{"__metadata__":{"n":1}}', []), /__metadata__\.n is not a string/],
    [
      'a tensor named __proto__',
      handmade('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', [0, 0, 0, 0]),
      /"__proto__" is not a name a tensor may have/,
    ],
  ])('refuses %s, naming it', (_what, file, message) => {
    expect(() => decodeSafetensors(file, 'f.safetensors')).toThrow(message);
  });
});

describe('safetensors, written', () => {
  it('has the exact layout: header size, JSON header padded with spaces to 8 bytes, then little-endian float32 in order', () => {
    const bytes = encodeSafetensors(
      { w: { shape: [2, 1], data: new Float32Array([1.5, -2]) }, b: { shape: [1], data: new Float32Array([0.25]) } },
      { note: 'hi' },
    );
    const view = new DataView(bytes.buffer);
    const json = '{"__metadata__":{"note":"hi"},"w":{"dtype":"F32","shape":[2,1],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}';
    const n = Math.ceil((8 + json.length) / 8) * 8 - 8;
    expect(Number(view.getBigUint64(0, true))).toBe(n);
    expect(new TextDecoder().decode(bytes.subarray(8, 8 + json.length))).toBe(json);
    expect([...bytes.subarray(8 + json.length, 8 + n)].every((c) => c === 0x20)).toBe(true);
    expect((8 + n) % 8).toBe(0);
    expect([...bytes.subarray(8 + n)]).toEqual(f32(1.5, -2, 0.25));
    expect(bytes.length).toBe(8 + n + 12);
  });
});
