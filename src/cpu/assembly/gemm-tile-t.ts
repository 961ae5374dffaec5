// The gemm's register tile for B stored [N, K] (transB): there is no row of columns to load, so
// it loads B's 4×4 squares along k and transposes them in registers by shuffles. Same bits per
// element as ./gemm-tile.ts's tiles: one lane, multiply then add, k in increasing order.
import { actv, madd, startv } from './gemm-tile';

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
export function tile4x4t(
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
