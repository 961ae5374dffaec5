// The software GEMM (SwiftShader) over vec4 reads: C[M,N] = activate(op(A) · op(B) (+ bias)), the
// same product as matmul.wgsl, where every operand walks in whole vec4s ("quads"): A along K, or
// along M when TRANS_A; B along N, or along K when TRANS_B; C and the bias along N. matmul.ts
// picks it when the dimensions they run along are multiples of 4.
//
// A software adapter runs an invocation as one SIMD lane, and each read as a per-lane gather: a
// vec4 read costs far less than four f32 reads. `main` holds an 8 × 16 block of C in registers
// (Acc8x4, acc8.wgsl, appended) and takes K four terms at a time: 24 vec4 reads per 512
// multiply-adds where matmul.wgsl's `registers` makes 96 f32 reads. Measured on SwiftShader, the
// seed cnn's dense1 at batch 64 (`npm run bench -- --profile`, one step): forward 20.0 → 17.1 ms,
// input gradient 24.6 → 20.2, weight gradient 25.6 → 19.4. (A bare prototype without the edge
// clamps, in one page: forward 20.3 → 15.5 ms, 17.8 with vec4 reads of B alone.) The block's rows
// and columns are contiguous (rows 8·gid.y …, columns 16·gid.x …), so each row of it is stored as
// four vec4s.
//
// `rows` is the variant for M < 4 (a drawn digit): one row and 16 columns per invocation, over
// one slice of K. Against matmul.wgsl's `registerRows` (4 columns an invocation, f32 reads) on a
// digit's dense1 (1 × 128 × 5,408), one page, medians of 15: 1.14–1.24 → 0.83–0.86 ms in 8 slices
// (16 columns as f32 reads: 0.98).
//
// SPLIT: slice gid.z of K_CHUNK terms (a multiple of 4) is written raw to c[gid.z·M·N …] for
// split-k-reduce.wgsl, which adds the bias and the activation. activate() is activation.wgsl,
// appended.

override M: u32;
override N: u32;
override K: u32;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override BIAS: bool = false;
override ACTIVATION: u32 = 0u;
override SPLIT: bool = false;
override K_CHUNK: u32 = K;
override WG_X: u32 = 64u;
override WG_Y: u32 = 1u;

@group(0) @binding(0) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> bias: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> c: array<vec4<f32>>;

// Quads per row of A (K / 4) or, TRANS_A, per row of its [K, M] storage; likewise for B and C.
override KQ: u32 = K / 4u;
override MQ: u32 = M / 4u;
override NQ: u32 = N / 4u;
override COL_BLOCKS: u32 = (N + 15u) / 16u;
override ROW_BLOCKS: u32 = (M + 7u) / 8u;

// A 4 × 4 block of values: four vec4s.
struct Quads4 {
  x: vec4<f32>,
  y: vec4<f32>,
  z: vec4<f32>,
  w: vec4<f32>,
}

fn transpose4(q: Quads4) -> Quads4 {
  return Quads4(
    vec4(q.x.x, q.y.x, q.z.x, q.w.x),
    vec4(q.x.y, q.y.y, q.z.y, q.w.y),
    vec4(q.x.z, q.y.z, q.z.z, q.w.z),
    vec4(q.x.w, q.y.w, q.z.w, q.w.w),
  );
}

// Rows r … r + 3 of op(A) at the four K terms of quad kq: one vec4 over the rows per term (x: the
// first). Rows past M read the last row (or quad), and the store skips them.
fn loadA(r: u32, kq: u32) -> Quads4 {
  if (TRANS_A) {
    let at = 4u * kq * MQ + min(r / 4u, MQ - 1u);
    return Quads4(a[at], a[at + MQ], a[at + 2u * MQ], a[at + 3u * MQ]);
  }
  let m = min(vec4u(r) + vec4u(0u, 1u, 2u, 3u), vec4u(M - 1u)) * KQ + kq;
  return transpose4(Quads4(a[m.x], a[m.y], a[m.z], a[m.w]));
}

// Columns n … n + 3 of op(B) at the four K terms of quad kq: one vec4 over the columns per term.
// Columns past N read the last ones, and the store skips them.
fn loadB(n: u32, kq: u32) -> Quads4 {
  if (TRANS_B) {
    let col = min(vec4u(n) + vec4u(0u, 1u, 2u, 3u), vec4u(N - 1u)) * KQ + kq;
    return transpose4(Quads4(b[col.x], b[col.y], b[col.z], b[col.w]));
  }
  let at = 4u * kq * NQ + min(n / 4u, NQ - 1u);
  return Quads4(b[at], b[at + NQ], b[at + 2u * NQ], b[at + 3u * NQ]);
}

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= COL_BLOCKS || gid.y >= ROW_BLOCKS) { return; }
  let r = 8u * gid.y;
  let n = 16u * gid.x;
  var block = Acc8x4(acc8Zero(), acc8Zero(), acc8Zero(), acc8Zero());
  let kqEnd = min(KQ, (gid.z + 1u) * (K_CHUNK / 4u));
  for (var kq = gid.z * (K_CHUNK / 4u); kq < kqEnd; kq++) {
    let lo = loadA(r, kq);
    let hi = loadA(r + 4u, kq);
    let b0 = loadB(n, kq);
    let b1 = loadB(n + 4u, kq);
    let b2 = loadB(n + 8u, kq);
    let b3 = loadB(n + 12u, kq);
    // One K term after another: rows 0 … 3 (lo) and 4 … 7 (hi) of A by column quads b0 … b3 of B.
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

// Row m of C, column quads q … q + 3; SPLIT, of the slice whose rows start at row `slice`.
fn storeRow(slice: u32, m: u32, q: u32, v0: vec4<f32>, v1: vec4<f32>, v2: vec4<f32>, v3: vec4<f32>) {
  if (m >= M) { return; }
  storeQuad(slice + m, q, v0);
  storeQuad(slice + m, q + 1u, v1);
  storeQuad(slice + m, q + 2u, v2);
  storeQuad(slice + m, q + 3u, v3);
}

// Quad q of row m: with the epilogue, or raw (SPLIT).
fn storeQuad(m: u32, q: u32, v: vec4<f32>) {
  if (q >= NQ) { return; }
  if (SPLIT) {
    c[m * NQ + q] = v;
    return;
  }
  var r = v;
  if (BIAS) { r += bias[q]; }
  c[m * NQ + q] = vec4(activate(r.x), activate(r.y), activate(r.z), activate(r.w));
}

// M < 4: row gid.y, columns 16·gid.x …, the K_CHUNK terms of slice gid.z, always SPLIT. A is
// read along K, so not TRANS_A (matmul.ts checks).
@compute @workgroup_size(64)
fn rows(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= COL_BLOCKS || gid.y >= M) { return; }
  let n = 16u * gid.x;
  var s0 = vec4(0.0);
  var s1 = vec4(0.0);
  var s2 = vec4(0.0);
  var s3 = vec4(0.0);
  let kqEnd = min(KQ, (gid.z + 1u) * (K_CHUNK / 4u));
  for (var kq = gid.z * (K_CHUNK / 4u); kq < kqEnd; kq++) {
    let x = a[gid.y * KQ + kq];
    let b0 = loadB(n, kq);
    let b1 = loadB(n + 4u, kq);
    let b2 = loadB(n + 8u, kq);
    let b3 = loadB(n + 12u, kq);
    s0 += x.x * b0.x + x.y * b0.y + x.z * b0.z + x.w * b0.w;
    s1 += x.x * b1.x + x.y * b1.y + x.z * b1.z + x.w * b1.w;
    s2 += x.x * b2.x + x.y * b2.y + x.z * b2.z + x.w * b2.w;
    s3 += x.x * b3.x + x.y * b3.y + x.z * b3.z + x.w * b3.w;
  }
  storeRow(gid.z * M, gid.y, 4u * gid.x, s0, s1, s2, s3);
}
