// Dropout's keep/drop draw and its inverted scaling, bit for bit as src/model/dropout-mask.ts
// draws it: unit i of sample b survives iff mix32(mix32(key ^ b) ^ i) >= threshold, with the key
// from dropoutKey (the layer computes it in TypeScript). No mask is stored: the backward draws it
// again. [begin, end) are element indices of [batch, units].
import { ld, ldv, st, stv } from './memory';

/** lowbias32 (Chris Wellons), in u32 arithmetic: src/base/hash.ts's mix32. */
export function mix32(v: u32): u32 {
  let h = v;
  h ^= h >> 16;
  h *= 0x7feb352d;
  h ^= h >> 15;
  h *= 0x846ca68b;
  h ^= h >> 16;
  return h;
}

function mix32x4(v: v128): v128 {
  let h = v;
  h = v128.xor(h, i32x4.shr_u(h, 16));
  h = i32x4.mul(h, i32x4.splat(0x7feb352d));
  h = v128.xor(h, i32x4.shr_u(h, 15));
  h = i32x4.mul(h, i32x4.splat(0x846ca68b));
  h = v128.xor(h, i32x4.shr_u(h, 16));
  return h;
}

/** The hash of unit i of sample b: dropoutHash. */
export function dropout_hash(key: u32, b: u32, i: u32): u32 {
  return mix32(mix32(key ^ b) ^ i);
}

/**
 * out = keep ? v · scale : 0 for elements [begin, end) of [batch, units]: the forward on x and
 * the backward on dy. threshold 0 keeps every unit without drawing (rate 0, or a reading plan).
 */
export function dropout_apply(v: usize, out: usize, units: i32, key: u32, threshold: u32, scale: f32, begin: i32, end: i32): void {
  const sv = f32x4.splat(scale);
  if (threshold == 0) {
    let e = begin;
    for (; e + 4 <= end; e += 4) stv(out, e, f32x4.mul(ldv(v, e), sv));
    for (; e < end; e++) st(out, e, ld(v, e) * scale);
    return;
  }
  const tv = i32x4.splat(threshold);
  let b = begin / units;
  let e = begin;
  while (e < end) {
    const rowEnd = min(end, (b + 1) * units);
    const rowKey = mix32(key ^ (<u32>b));
    const rowKeyV = i32x4.splat(rowKey);
    let i = e - b * units;
    let lanes = i32x4(i, i + 1, i + 2, i + 3);
    for (; e + 4 <= rowEnd; e += 4, i += 4) {
      const keep = i32x4.ge_u(mix32x4(v128.xor(rowKeyV, lanes)), tv);
      stv(out, e, v128.and(f32x4.mul(ldv(v, e), sv), keep));
      lanes = i32x4.add(lanes, i32x4.splat(4));
    }
    for (; e < rowEnd; e++, i++) st(out, e, mix32(rowKey ^ (<u32>i)) >= threshold ? ld(v, e) * scale : 0);
    b++;
  }
}
