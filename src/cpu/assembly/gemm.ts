// The f32 GEMM every matrix product of the CPU engine runs on (dense, im2col convolution, LSTM):
// C = act((accumulate ? C : 0) + bias + op(A)·op(B)), rows [begin, end) of C.
//
// BLIS's loop structure without packing (a kernel gets no scratch): N in blocks of NC columns and
// K in blocks of KC, so the KC×NC block of B a sweep over the rows reads stays in L2 and a 4×KC
// strip of A in L1; inside, a 4×8 register tile of C (8 v128 accumulators) takes one k at a time:
// two v128 of B's row times A's four entries, each broadcast by load32_splat, as XNNPACK's
// f32-gemm 4x8 wasmsimd "splat" microkernel does. B stored [N, K] (transB) has no row of 8 to
// load, so that kernel loads 4×4 squares along k and transposes them in registers.
//
// Bits: every element of C has one accumulator lane, started at (C or 0) + bias and added to in
// increasing k with a rounded multiply, then a rounded add (no fma), between K blocks stored to
// C and loaded back exactly. The scalar edge kernel does the same operations, so which tile an
// element falls in, and so the split of rows over threads, never changes its bits. Rows past the
// range's end inside a 4-row tile repeat its last row (same inputs, same stores) instead of
// needing 1-, 2- and 3-row variants.
import { activate } from './activation';

/** k per block: a 4×KC strip of A is 4 KiB. Multiple of 4 (the transposed kernel's step). */
const KC: i32 = 256;
/** Columns per block: a KC×NC block of B is 256 KiB. Multiple of 8. */
const NC: i32 = 256;

/** The activation on four lanes; relu as activation_forward's mask (NaN and −0 become +0). */
function actv(code: i32, v: v128): v128 {
  if (code == 0) return v;
  if (code == 1) return v128.and(v, f32x4.gt(v, f32x4.splat(0)));
  let r = f32x4.splat(activate(code, f32x4.extract_lane(v, 0)));
  r = f32x4.replace_lane(r, 1, activate(code, f32x4.extract_lane(v, 1)));
  r = f32x4.replace_lane(r, 2, activate(code, f32x4.extract_lane(v, 2)));
  return f32x4.replace_lane(r, 3, activate(code, f32x4.extract_lane(v, 3)));
}

/** A tile row's start: C (or 0) plus the bias's lanes. */
function startv(c: usize, loadC: i32, bias: usize): v128 {
  const v = loadC ? v128.load(c) : f32x4.splat(0);
  return bias ? f32x4.add(v, v128.load(bias)) : v;
}

function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

/**
 * Four rows × 8 columns, B stored [K, N]. a0…a3: A's rows at k0; sak: bytes from k to k+1 along
 * A; b: B(k0, n); ldb: bytes between B's rows; c0…c3: C's rows at n.
 */
function tile4x8(
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
function tile4x4(
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

/** B's four rows n…n+3 at k…k+3 (ldb bytes apart), as four vectors of columns n…n+3, one per k. */
function gather4(b: usize, ldb: usize): v128 {
  let v = v128.load32_splat(b);
  v = f32x4.replace_lane(v, 1, load<f32>(b + ldb));
  v = f32x4.replace_lane(v, 2, load<f32>(b + 2 * ldb));
  return f32x4.replace_lane(v, 3, load<f32>(b + 3 * ldb));
}

/**
 * Four rows × 4 columns, B stored [N, K] (ldb: bytes between its rows, b: B(n, k0)). Four k at a
 * time: B's 4×4 square is transposed by shuffles into one vector of the 4 columns per k.
 */
function tile4x4t(
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
  const b1 = b + ldb;
  const b2 = b + 2 * ldb;
  const b3 = b + 3 * ldb;
  let off: usize = 0;
  let boff: usize = 0;
  let k = 0;
  for (; k + 4 <= kc; k += 4) {
    const r0 = v128.load(b + boff);
    const r1 = v128.load(b1 + boff);
    const r2 = v128.load(b2 + boff);
    const r3 = v128.load(b3 + boff);
    const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
    const t1 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
    const t2 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
    const t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
    let q = v128.shuffle<i32>(t0, t1, 0, 1, 4, 5);
    x0 = madd(x0, v128.load32_splat(a0 + off), q);
    x1 = madd(x1, v128.load32_splat(a1 + off), q);
    x2 = madd(x2, v128.load32_splat(a2 + off), q);
    x3 = madd(x3, v128.load32_splat(a3 + off), q);
    off += sak;
    q = v128.shuffle<i32>(t0, t1, 2, 3, 6, 7);
    x0 = madd(x0, v128.load32_splat(a0 + off), q);
    x1 = madd(x1, v128.load32_splat(a1 + off), q);
    x2 = madd(x2, v128.load32_splat(a2 + off), q);
    x3 = madd(x3, v128.load32_splat(a3 + off), q);
    off += sak;
    q = v128.shuffle<i32>(t2, t3, 0, 1, 4, 5);
    x0 = madd(x0, v128.load32_splat(a0 + off), q);
    x1 = madd(x1, v128.load32_splat(a1 + off), q);
    x2 = madd(x2, v128.load32_splat(a2 + off), q);
    x3 = madd(x3, v128.load32_splat(a3 + off), q);
    off += sak;
    q = v128.shuffle<i32>(t2, t3, 2, 3, 6, 7);
    x0 = madd(x0, v128.load32_splat(a0 + off), q);
    x1 = madd(x1, v128.load32_splat(a1 + off), q);
    x2 = madd(x2, v128.load32_splat(a2 + off), q);
    x3 = madd(x3, v128.load32_splat(a3 + off), q);
    off += sak;
    boff += 16;
  }
  for (; k < kc; k++) {
    const q = gather4(b + boff, ldb);
    x0 = madd(x0, v128.load32_splat(a0 + off), q);
    x1 = madd(x1, v128.load32_splat(a1 + off), q);
    x2 = madd(x2, v128.load32_splat(a2 + off), q);
    x3 = madd(x3, v128.load32_splat(a3 + off), q);
    off += sak;
    boff += 4;
  }
  v128.store(c0, actv(act, x0));
  v128.store(c1, actv(act, x1));
  v128.store(c2, actv(act, x2));
  v128.store(c3, actv(act, x3));
}

/** One element per row, scalar, B at any strides (sbk: bytes from k to k+1): the last 1–3 columns. */
function tile4x1(
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

/**
 * Rows [begin, end) of C[M×N] = act((accumulate ? C : 0) + bias + op(A)·op(B)). A is stored
 * [M, K] ([K, M] when transA), B [K, N] ([N, K] when transB), C [M, N], all row-major; bias: 0
 * for none, else N floats added to every row; act: src/model/activation.ts's code.
 */
export function gemm(
  transA: i32,
  transB: i32,
  M: i32,
  N: i32,
  K: i32,
  a: usize,
  b: usize,
  c: usize,
  bias: usize,
  act: i32,
  accumulate: i32,
  begin: i32,
  end: i32,
): void {
  if (begin >= end || N <= 0) return;
  // Bytes between A's rows (m) and along k; B's k and n strides; C's row.
  const sam: usize = transA ? 4 : (<usize>K) << 2;
  const sak: usize = transA ? (<usize>M) << 2 : 4;
  const sbk: usize = transB ? 4 : (<usize>N) << 2;
  const sbn: usize = transB ? (<usize>K) << 2 : 4;
  const ldc: usize = (<usize>N) << 2;
  for (let n0 = 0; n0 < N; n0 += NC) {
    const n1 = min(N, n0 + NC);
    let k0 = 0;
    do {
      const kc = min(KC, K - k0);
      const first = k0 == 0;
      const loadC = first ? accumulate : 1;
      const last = k0 + kc >= K;
      const actK = last ? act : 0;
      for (let m = begin; m < end; m += 4) {
        const m1 = min(m + 1, end - 1);
        const m2 = min(m + 2, end - 1);
        const m3 = min(m + 3, end - 1);
        const ak = a + <usize>k0 * sak;
        const a0 = ak + <usize>m * sam;
        const a1 = ak + <usize>m1 * sam;
        const a2 = ak + <usize>m2 * sam;
        const a3 = ak + <usize>m3 * sam;
        const bk = b + <usize>k0 * sbk;
        let n = n0;
        for (; n + 8 <= n1; n += 8) {
          const nb = (<usize>n) << 2;
          const bn = bk + <usize>n * sbn;
          const bb = first && bias ? bias + nb : 0;
          const c0 = c + <usize>m * ldc + nb;
          const c1 = c + <usize>m1 * ldc + nb;
          const c2 = c + <usize>m2 * ldc + nb;
          const c3 = c + <usize>m3 * ldc + nb;
          if (transB) {
            tile4x4t(a0, a1, a2, a3, sak, bn, sbn, c0, c1, c2, c3, kc, loadC, bb, actK);
            tile4x4t(a0, a1, a2, a3, sak, bn + 4 * sbn, sbn, c0 + 16, c1 + 16, c2 + 16, c3 + 16, kc, loadC, bb ? bb + 16 : 0, actK);
          } else tile4x8(a0, a1, a2, a3, sak, bn, sbk, c0, c1, c2, c3, kc, loadC, bb, actK);
        }
        if (n + 4 <= n1) {
          const nb = (<usize>n) << 2;
          const bn = bk + <usize>n * sbn;
          const bb = first && bias ? bias + nb : 0;
          const c0 = c + <usize>m * ldc + nb;
          const c1 = c + <usize>m1 * ldc + nb;
          const c2 = c + <usize>m2 * ldc + nb;
          const c3 = c + <usize>m3 * ldc + nb;
          if (transB) tile4x4t(a0, a1, a2, a3, sak, bn, sbn, c0, c1, c2, c3, kc, loadC, bb, actK);
          else tile4x4(a0, a1, a2, a3, sak, bn, sbk, c0, c1, c2, c3, kc, loadC, bb, actK);
          n += 4;
        }
        for (; n < n1; n++) {
          const nb = (<usize>n) << 2;
          const bb = first && bias ? bias + nb : 0;
          const c0 = c + <usize>m * ldc + nb;
          const c1 = c + <usize>m1 * ldc + nb;
          const c2 = c + <usize>m2 * ldc + nb;
          const c3 = c + <usize>m3 * ldc + nb;
          tile4x1(a0, a1, a2, a3, sak, bk + <usize>n * sbn, sbk, c0, c1, c2, c3, kc, loadC, bb, actK);
        }
      }
      k0 += kc;
    } while (k0 < K);
  }
}
