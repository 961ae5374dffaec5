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
import { tile4x1, tile4x4, tile4x8 } from './gemm-tile';
import { tile4x4t } from './gemm-tile-t';

/** k per block: a 4×KC strip of A is 4 KiB. Multiple of 4 (the transposed kernel's step). */
const KC: i32 = 256;
/** Columns per block: a KC×NC block of B is 256 KiB. Multiple of 8. */
const NC: i32 = 256;

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
