// dst [cols, rows] = srcᵀ, src [rows, cols] row-major, for source rows [begin, end): 4×4 squares
// moved through registers by shuffles, the ragged edges one float at a time. A layer turns an
// operand the gemm would read transposed (B stored [N, K]: no row of columns to load) into one it
// reads straight, when the product is worth far more than the copy.

function sq(p: usize, ld: usize, q: usize, ldq: usize): void {
  const r0 = v128.load(p);
  const r1 = v128.load(p + ld);
  const r2 = v128.load(p + 2 * ld);
  const r3 = v128.load(p + 3 * ld);
  const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
  v128.store(q, v128.shuffle<i32>(t0, t1, 0, 1, 4, 5));
  v128.store(q + ldq, v128.shuffle<i32>(t0, t1, 2, 3, 6, 7));
  v128.store(q + 2 * ldq, v128.shuffle<i32>(t2, t3, 0, 1, 4, 5));
  v128.store(q + 3 * ldq, v128.shuffle<i32>(t2, t3, 2, 3, 6, 7));
}

export function transpose(src: usize, dst: usize, rows: i32, cols: i32, begin: i32, end: i32): void {
  const ld = (<usize>cols) << 2;
  const ldq = (<usize>rows) << 2;
  let r = begin;
  for (; r + 4 <= end; r += 4) {
    let c = 0;
    for (; c + 4 <= cols; c += 4) sq(src + <usize>r * ld + ((<usize>c) << 2), ld, dst + <usize>c * ldq + ((<usize>r) << 2), ldq);
    for (; c < cols; c++) {
      for (let i = r; i < r + 4; i++) store<f32>(dst + <usize>c * ldq + ((<usize>i) << 2), load<f32>(src + <usize>i * ld + ((<usize>c) << 2)));
    }
  }
  for (; r < end; r++) {
    for (let c = 0; c < cols; c++) store<f32>(dst + <usize>c * ldq + ((<usize>r) << 2), load<f32>(src + <usize>r * ld + ((<usize>c) << 2)));
  }
}
