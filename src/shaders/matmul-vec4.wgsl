// The software GEMM (SwiftShader) over vec4 reads: C[M,N] = activate(op(A) · op(B) (+ bias)), the
// same product as matmul.wgsl, where every operand walks in whole vec4s: A along K, or along M
// when TRANS_A; B along N, or along K when TRANS_B; C and the bias along N. matmul-plan.ts picks
// it (software-vec4, software-vec4-rows) when the dimensions they run along are multiples of 4.
// The shape overrides are lib/matmul-shape.wgsl; it, activation.wgsl and acc8.wgsl are appended.
//
// A software adapter runs an invocation as one SIMD lane, and each read as a per-lane gather: a
// vec4 read costs far less than four f32 reads. `software` holds an 8 × 16 block of C in registers
// (Acc8x4, acc8.wgsl) and takes K four terms at a time: 24 vec4 reads per 512 multiply-adds where
// matmul.wgsl's `software` makes 96 f32 reads. The block's rows and columns are contiguous (rows
// 8·gid.y …, columns 16·gid.x …), so each row of it is stored as four vec4s.
//
// `softwareRows` is the variant for M < 4 (a drawn digit): one row and 16 columns per invocation,
// over one slice of K, where matmul.wgsl's `softwareRows` takes 4 columns in f32 reads.
//
// SPLIT: slice gid.z of K_CHUNK terms (a multiple of 4) is written raw to c[gid.z·M·N …] for
// split-k-reduce.wgsl, which adds the bias and the activation.

@group(0) @binding(0) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> bias: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> c: array<vec4<f32>>;

// vec4s per row of A (K / 4) or, TRANS_A, per row of its [K, M] storage; likewise for B and C.
override K4: u32 = K / 4u;
override M4: u32 = M / 4u;
override N4: u32 = N / 4u;
override COL_BLOCKS: u32 = (N + 15u) / 16u;
override ROW_BLOCKS: u32 = (M + 7u) / 8u;

// A 4 × 4 block of values: four vec4s.
struct Vec4x4 {
  x: vec4<f32>,
  y: vec4<f32>,
  z: vec4<f32>,
  w: vec4<f32>,
}

fn transpose4(q: Vec4x4) -> Vec4x4 {
  return Vec4x4(
    vec4(q.x.x, q.y.x, q.z.x, q.w.x),
    vec4(q.x.y, q.y.y, q.z.y, q.w.y),
    vec4(q.x.z, q.y.z, q.z.z, q.w.z),
    vec4(q.x.w, q.y.w, q.z.w, q.w.w),
  );
}

// Rows r … r + 3 of op(A) at the four K terms of vec4 k4: one vec4 over the rows per term (x: the
// first). Rows past M read the last row (or vec4), and the store skips them.
fn loadA(r: u32, k4: u32) -> Vec4x4 {
  if (TRANS_A) {
    let at = 4u * k4 * M4 + min(r / 4u, M4 - 1u);
    return Vec4x4(a[at], a[at + M4], a[at + 2u * M4], a[at + 3u * M4]);
  }
  let m = min(vec4u(r) + vec4u(0u, 1u, 2u, 3u), vec4u(M - 1u)) * K4 + k4;
  return transpose4(Vec4x4(a[m.x], a[m.y], a[m.z], a[m.w]));
}

// Columns n … n + 3 of op(B) at the four K terms of vec4 k4: one vec4 over the columns per term.
// Columns past N read the last ones, and the store skips them.
fn loadB(n: u32, k4: u32) -> Vec4x4 {
  if (TRANS_B) {
    let col = min(vec4u(n) + vec4u(0u, 1u, 2u, 3u), vec4u(N - 1u)) * K4 + k4;
    return transpose4(Vec4x4(b[col.x], b[col.y], b[col.z], b[col.w]));
  }
  let at = 4u * k4 * N4 + min(n / 4u, N4 - 1u);
  return Vec4x4(b[at], b[at + N4], b[at + 2u * N4], b[at + 3u * N4]);
}

@compute @workgroup_size(WG_X, WG_Y)
fn software(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= COL_BLOCKS || gid.y >= ROW_BLOCKS) { return; }
  let r = 8u * gid.y;
  let n = 16u * gid.x;
  var block = Acc8x4(acc8Zero(), acc8Zero(), acc8Zero(), acc8Zero());
  let kqEnd = min(K4, (gid.z + 1u) * (K_CHUNK / 4u));
  for (var k4 = gid.z * (K_CHUNK / 4u); k4 < kqEnd; k4++) {
    let lo = loadA(r, k4);
    let hi = loadA(r + 4u, k4);
    let b0 = loadB(n, k4);
    let b1 = loadB(n + 4u, k4);
    let b2 = loadB(n + 8u, k4);
    let b3 = loadB(n + 12u, k4);
    // One K term after another: rows 0 … 3 (lo) and 4 … 7 (hi) of A by column vec4s b0 … b3 of B.
    // Field by field rather than through a function returning the whole block: 2–5% faster on
    // SwiftShader (one page, the seed dense1's three GEMMs).
    block.a = acc8Add(block.a, lo.x, b0.x, b1.x);
    block.b = acc8Add(block.b, lo.x, b2.x, b3.x);
    block.c = acc8Add(block.c, hi.x, b0.x, b1.x);
    block.d = acc8Add(block.d, hi.x, b2.x, b3.x);
    block.a = acc8Add(block.a, lo.y, b0.y, b1.y);
    block.b = acc8Add(block.b, lo.y, b2.y, b3.y);
    block.c = acc8Add(block.c, hi.y, b0.y, b1.y);
    block.d = acc8Add(block.d, hi.y, b2.y, b3.y);
    block.a = acc8Add(block.a, lo.z, b0.z, b1.z);
    block.b = acc8Add(block.b, lo.z, b2.z, b3.z);
    block.c = acc8Add(block.c, hi.z, b0.z, b1.z);
    block.d = acc8Add(block.d, hi.z, b2.z, b3.z);
    block.a = acc8Add(block.a, lo.w, b0.w, b1.w);
    block.b = acc8Add(block.b, lo.w, b2.w, b3.w);
    block.c = acc8Add(block.c, hi.w, b0.w, b1.w);
    block.d = acc8Add(block.d, hi.w, b2.w, b3.w);
  }
  let q = 4u * gid.x;
  let slice = gid.z * M;
  storeRow(slice, r, q, block.a.l0, block.a.h0, block.b.l0, block.b.h0);
  storeRow(slice, r + 1u, q, block.a.l1, block.a.h1, block.b.l1, block.b.h1);
  storeRow(slice, r + 2u, q, block.a.l2, block.a.h2, block.b.l2, block.b.h2);
  storeRow(slice, r + 3u, q, block.a.l3, block.a.h3, block.b.l3, block.b.h3);
  storeRow(slice, r + 4u, q, block.c.l0, block.c.h0, block.d.l0, block.d.h0);
  storeRow(slice, r + 5u, q, block.c.l1, block.c.h1, block.d.l1, block.d.h1);
  storeRow(slice, r + 6u, q, block.c.l2, block.c.h2, block.d.l2, block.d.h2);
  storeRow(slice, r + 7u, q, block.c.l3, block.c.h3, block.d.l3, block.d.h3);
}

// Row m of C, column vec4s q … q + 3; SPLIT, of the slice whose rows start at row `slice`.
fn storeRow(slice: u32, m: u32, q: u32, v0: vec4<f32>, v1: vec4<f32>, v2: vec4<f32>, v3: vec4<f32>) {
  if (m >= M) { return; }
  storeVec4(slice + m, q, v0);
  storeVec4(slice + m, q + 1u, v1);
  storeVec4(slice + m, q + 2u, v2);
  storeVec4(slice + m, q + 3u, v3);
}

// vec4 q of row m: with the epilogue, or raw (SPLIT).
fn storeVec4(m: u32, q: u32, v: vec4<f32>) {
  if (q >= N4) { return; }
  if (SPLIT) {
    c[m * N4 + q] = v;
    return;
  }
  var r = v;
  if (BIAS) { r += bias[q]; }
  c[m * N4 + q] = vec4(activate(r.x), activate(r.y), activate(r.z), activate(r.w));
}

// M < 4: row gid.y, columns 16·gid.x …, the K_CHUNK terms of slice gid.z, always SPLIT. A is
// read along K, so not TRANS_A (matmul-plan.ts checks).
@compute @workgroup_size(64)
fn softwareRows(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= COL_BLOCKS || gid.y >= M) { return; }
  let n = 16u * gid.x;
  var s0 = vec4(0.0);
  var s1 = vec4(0.0);
  var s2 = vec4(0.0);
  var s3 = vec4(0.0);
  let kqEnd = min(K4, (gid.z + 1u) * (K_CHUNK / 4u));
  for (var k4 = gid.z * (K_CHUNK / 4u); k4 < kqEnd; k4++) {
    let x = a[gid.y * K4 + k4];
    let b0 = loadB(n, k4);
    let b1 = loadB(n + 4u, k4);
    let b2 = loadB(n + 8u, k4);
    let b3 = loadB(n + 12u, k4);
    s0 += x.x * b0.x + x.y * b0.y + x.z * b0.z + x.w * b0.w;
    s1 += x.x * b1.x + x.y * b1.y + x.z * b1.z + x.w * b1.w;
    s2 += x.x * b2.x + x.y * b2.y + x.z * b2.z + x.w * b2.w;
    s3 += x.x * b3.x + x.y * b3.y + x.z * b3.z + x.w * b3.w;
  }
  storeRow(gid.z * M, gid.y, 4u * gid.x, s0, s1, s2, s3);
}
