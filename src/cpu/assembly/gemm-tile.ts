// The gemm's register tiles for B stored [K, N] (./gemm.ts drives them): each C element one
// accumulator lane, started at (C or 0) + bias, then a rounded multiply and a rounded add per k in
// increasing order (no fma), so the vector tiles and the scalar edge give the same bits.
import { activate } from './activation';

/** The activation on four lanes; relu as activation_forward's mask (NaN and −0 become +0). */
export function actv(code: i32, v: v128): v128 {
  if (code == 0) return v;
  if (code == 1) return v128.and(v, f32x4.gt(v, f32x4.splat(0)));
  let r = f32x4.splat(activate(code, f32x4.extract_lane(v, 0)));
  r = f32x4.replace_lane(r, 1, activate(code, f32x4.extract_lane(v, 1)));
  r = f32x4.replace_lane(r, 2, activate(code, f32x4.extract_lane(v, 2)));
  return f32x4.replace_lane(r, 3, activate(code, f32x4.extract_lane(v, 3)));
}

/** A tile row's start: C (or 0) plus the bias's lanes. */
export function startv(c: usize, loadC: i32, bias: usize): v128 {
  const v = loadC ? v128.load(c) : f32x4.splat(0);
  return bias ? f32x4.add(v, v128.load(bias)) : v;
}

export function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

/**
 * Four rows × 8 columns, B stored [K, N]. a0…a3: A's rows at k0; sak: bytes from k to k+1 along
 * A; b: B(k0, n); ldb: bytes between B's rows; c0…c3: C's rows at n.
 */
export function tile4x8(
  a0: usize,
  a1: usize,
  a2: usize,
  a3: usize,
  sak: usize,
  b: usize,
  ldb: usize,
  c0: usize,
  c1: usize,
  c2: usize,
  c3: usize,
  kc: i32,
  loadC: i32,
  bias: usize,
  act: i32,
): void {
  let x0 = startv(c0, loadC, bias);
  let y0 = startv(c0 + 16, loadC, bias ? bias + 16 : 0);
  let x1 = startv(c1, loadC, bias);
  let y1 = startv(c1 + 16, loadC, bias ? bias + 16 : 0);
  let x2 = startv(c2, loadC, bias);
  let y2 = startv(c2 + 16, loadC, bias ? bias + 16 : 0);
  let x3 = startv(c3, loadC, bias);
  let y3 = startv(c3 + 16, loadC, bias ? bias + 16 : 0);
  let off: usize = 0;
  for (let k = 0; k < kc; k++) {
    const bl = v128.load(b);
    const bh = v128.load(b, 16);
    let s = v128.load32_splat(a0 + off);
    x0 = madd(x0, s, bl);
    y0 = madd(y0, s, bh);
    s = v128.load32_splat(a1 + off);
    x1 = madd(x1, s, bl);
    y1 = madd(y1, s, bh);
    s = v128.load32_splat(a2 + off);
    x2 = madd(x2, s, bl);
    y2 = madd(y2, s, bh);
    s = v128.load32_splat(a3 + off);
    x3 = madd(x3, s, bl);
    y3 = madd(y3, s, bh);
    off += sak;
    b += ldb;
  }
  v128.store(c0, actv(act, x0));
  v128.store(c0, actv(act, y0), 16);
  v128.store(c1, actv(act, x1));
  v128.store(c1, actv(act, y1), 16);
  v128.store(c2, actv(act, x2));
  v128.store(c2, actv(act, y2), 16);
  v128.store(c3, actv(act, x3));
  v128.store(c3, actv(act, y3), 16);
}

/** Four rows × 4 columns, B stored [K, N]: the 4 to 7 columns an 8-column sweep leaves. */
export function tile4x4(
  a0: usize,
  a1: usize,
  a2: usize,
  a3: usize,
  sak: usize,
  b: usize,
  ldb: usize,
  c0: usize,
  c1: usize,
  c2: usize,
  c3: usize,
  kc: i32,
  loadC: i32,
  bias: usize,
  act: i32,
): void {
  let x0 = startv(c0, loadC, bias);
  let x1 = startv(c1, loadC, bias);
  let x2 = startv(c2, loadC, bias);
  let x3 = startv(c3, loadC, bias);
  let off: usize = 0;
  for (let k = 0; k < kc; k++) {
    const bl = v128.load(b);
    x0 = madd(x0, v128.load32_splat(a0 + off), bl);
    x1 = madd(x1, v128.load32_splat(a1 + off), bl);
    x2 = madd(x2, v128.load32_splat(a2 + off), bl);
    x3 = madd(x3, v128.load32_splat(a3 + off), bl);
    off += sak;
    b += ldb;
  }
  v128.store(c0, actv(act, x0));
  v128.store(c1, actv(act, x1));
  v128.store(c2, actv(act, x2));
  v128.store(c3, actv(act, x3));
}

/** One element per row, scalar, B at any strides (sbk: bytes from k to k+1): the last 1–3 columns. */
export function tile4x1(
  a0: usize,
  a1: usize,
  a2: usize,
  a3: usize,
  sak: usize,
  b: usize,
  sbk: usize,
  c0: usize,
  c1: usize,
  c2: usize,
  c3: usize,
  kc: i32,
  loadC: i32,
  bias: usize,
  act: i32,
): void {
  const bv: f32 = bias ? load<f32>(bias) : 0;
  let x0: f32 = loadC ? load<f32>(c0) : 0;
  let x1: f32 = loadC ? load<f32>(c1) : 0;
  let x2: f32 = loadC ? load<f32>(c2) : 0;
  let x3: f32 = loadC ? load<f32>(c3) : 0;
  if (bias) {
    x0 += bv;
    x1 += bv;
    x2 += bv;
    x3 += bv;
  }
  let off: usize = 0;
  for (let k = 0; k < kc; k++) {
    const bk = load<f32>(b);
    x0 += load<f32>(a0 + off) * bk;
    x1 += load<f32>(a1 + off) * bk;
    x2 += load<f32>(a2 + off) * bk;
    x3 += load<f32>(a3 + off) * bk;
    off += sak;
    b += sbk;
  }
  if (act) {
    x0 = activate(act, x0);
    x1 = activate(act, x1);
    x2 = activate(act, x2);
    x3 = activate(act, x3);
  }
  store<f32>(c0, x0);
  store<f32>(c1, x1);
  store<f32>(c2, x2);
  store<f32>(c3, x3);
}
