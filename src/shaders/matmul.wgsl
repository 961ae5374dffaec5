// C[M,N] = activate(op(A) · op(B) (+ bias[N])), row-major, with the shape and epilogue overrides
// of lib/matmul-shape.wgsl; that, activation.wgsl and acc8.wgsl are appended. `main` is the tiled
// kernel: each 16×16 workgroup computes a 64×64 tile of C through workgroup memory, each
// invocation a 4×4 block held in registers. With SPLIT, workgroup z takes only the K_CHUNK terms
// from z·K_CHUNK and writes its raw slice of C to scratch for split-k-reduce.wgsl. That fills a big
// GPU when M·N is a few tiles and K is long (a dense layer's forward at a small batch).

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

const TILE: u32 = 64u;
const TK: u32 = 16u;
const WG: u32 = 16u;

var<workgroup> tileA: array<array<f32, TILE>, TK>; // [k][m]
var<workgroup> tileB: array<array<f32, TILE>, TK>; // [k][n]

fn loadA(m: u32, k: u32) -> f32 {
  if (m >= M || k >= K) { return 0.0; }
  if (TRANS_A) { return a[k * M + m]; }
  return a[m * K + k];
}

fn loadB(k: u32, n: u32) -> f32 {
  if (k >= K || n >= N) { return 0.0; }
  if (TRANS_B) { return b[n * K + k]; }
  return b[k * N + n];
}

@compute @workgroup_size(WG, WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row0 = wid.y * TILE;
  let col0 = wid.x * TILE;
  let t = lid.y * WG + lid.x;
  // Four named rows rather than an indexed array: software rasterisers (SwiftShader) keep a
  // dynamically indexed private array in memory and gather/scatter every access.
  var acc0 = vec4(0.0);
  var acc1 = vec4(0.0);
  var acc2 = vec4(0.0);
  var acc3 = vec4(0.0);
  let kEnd = min(K, (wid.z + 1u) * K_CHUNK);
  for (var k0 = wid.z * K_CHUNK; k0 < kEnd; k0 += TK) {
    // 64×16 elements per tile, 4 per invocation. The fast-moving index follows memory order.
    for (var i = 0u; i < 4u; i++) {
      let e = t + i * WG * WG;
      if (TRANS_A) {
        tileA[e / TILE][e % TILE] = loadA(row0 + e % TILE, k0 + e / TILE);
      } else {
        tileA[e % TK][e / TK] = loadA(row0 + e / TK, k0 + e % TK);
      }
      if (TRANS_B) {
        tileB[e % TK][e / TK] = loadB(k0 + e % TK, col0 + e / TK);
      } else {
        tileB[e / TILE][e % TILE] = loadB(k0 + e / TILE, col0 + e % TILE);
      }
    }
    workgroupBarrier();
    for (var k = 0u; k < TK; k++) {
      let a = vec4(tileA[k][lid.y], tileA[k][lid.y + WG], tileA[k][lid.y + 2u * WG], tileA[k][lid.y + 3u * WG]);
      let b = vec4(tileB[k][lid.x], tileB[k][lid.x + WG], tileB[k][lid.x + 2u * WG], tileB[k][lid.x + 3u * WG]);
      acc0 = fma(vec4(a.x), b, acc0);
      acc1 = fma(vec4(a.y), b, acc1);
      acc2 = fma(vec4(a.z), b, acc2);
      acc3 = fma(vec4(a.w), b, acc3);
    }
    workgroupBarrier();
  }
  let slice = wid.z * M * N;
  store(slice, row0 + lid.y, col0 + lid.x, acc0);
  store(slice, row0 + lid.y + WG, col0 + lid.x, acc1);
  store(slice, row0 + lid.y + 2u * WG, col0 + lid.x, acc2);
  store(slice, row0 + lid.y + 3u * WG, col0 + lid.x, acc3);
}

// Row m of C, columns n, n + WG, n + 2·WG, n + 3·WG: with the bias + activation epilogue, or raw into
// the split's slice.
fn store(slice: u32, m: u32, n: u32, v: vec4<f32>) {
  if (m >= M) { return; }
  for (var j = 0u; j < 4u; j++) {
    let col = n + j * WG;
    if (col >= N) { return; }
    var r = v[j];
    if (SPLIT) {
      c[slice + m * N + col] = r;
      continue;
    }
    if (BIAS) { r += bias[col]; }
    r = activate(r);
    c[m * N + col] = r;
  }
}

// The variant for software adapters (SwiftShader): no workgroup memory and no barriers, which
// such adapters run as one coroutine per SIMD group. Each invocation reads A and B straight
// from memory and keeps a 4×16 block of C in registers (two Acc8, acc8.wgsl): rows
// r·SY_ROWS + gid.y and columns j·SX_COLS + gid.x, strided so that neighbouring invocations touch
// neighbouring columns. 20 reads per 64 multiply-adds, fewer per multiply-add than a 4×8 or 4×4
// block (docs/ENGINE-KERNELS-NOTES.md), and written inline: a helper with pointer arguments gained
// less. WIDE = false keeps one 4×8 block, for N ≤ 8. TALL (with WIDE) makes it 8×16, four Acc8,
// 24 reads per 128 (matmul-plan.ts says where it pays). SPLIT sums slice gid.z of K_CHUNK terms
// into its own partial, as `main` does.
override WIDE: bool = true;
override TALL: bool = false;
override COLUMNS: u32 = select(8u, 16u, WIDE);
override SX_COLS: u32 = (N + COLUMNS - 1u) / COLUMNS;
override SY_ROWS: u32 = (M + select(3u, 7u, TALL)) / select(4u, 8u, TALL);

// Where the invocation's columns start in B: four at a time, clamped to the last column.
struct Columns4 {
  a: vec4u,
  b: vec4u,
  c: vec4u,
  d: vec4u,
}

// Invocation x's columns x + j·SX_COLS for j = j0 … j0 + 3, as offsets into B.
fn columns(x: u32, j0: u32) -> vec4u {
  var n = min(vec4u(x) + (vec4u(j0) + vec4u(0u, 1u, 2u, 3u)) * SX_COLS, vec4u(N - 1u));
  if (TRANS_B) { n *= K; }
  return n;
}

@compute @workgroup_size(WG_X, WG_Y)
fn software(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= SX_COLS || gid.y >= SY_ROWS) { return; }
  // Rows and columns past the edge are clamped for the loads and skipped by the store.
  let m = min(vec4u(gid.y) + vec4u(0u, 1u, 2u, 3u) * SY_ROWS, vec4u(M - 1u));
  let cols = Columns4(columns(gid.x, 0u), columns(gid.x, 4u), columns(gid.x, 8u), columns(gid.x, 12u));
  var rows = Rows8(m * K, vec4u(0u));
  var aStep = 1u;
  if (TRANS_A) {
    rows.lo = m;
    aStep = M;
  }
  if (TALL) {
    // Rows 4 … 7.
    let m2 = min(vec4u(gid.y) + vec4u(4u, 5u, 6u, 7u) * SY_ROWS, vec4u(M - 1u));
    rows.hi = select(m2 * K, m2, TRANS_A);
  }
  var bStep = N;
  if (TRANS_B) { bStep = 1u; }
  // The invocation's block of C (acc8.wgsl): b is WIDE's, c and d TALL's.
  var block = Acc8x4(acc8Zero(), acc8Zero(), acc8Zero(), acc8Zero());
  // SPLIT: slice gid.z of K_CHUNK terms, summed by split-k-reduce.wgsl.
  let kEnd = min(K, (gid.z + 1u) * K_CHUNK);
  var k = gid.z * K_CHUNK;
  var ka = k * aStep;
  var kb = k * bStep;
  // Unrolled by 2: a software adapter pays for every loop trip.
  for (; k + 2u <= kEnd; k += 2u) {
    block = blockAdd(block, rows, ka, cols, kb);
    block = blockAdd(block, rows, ka + aStep, cols, kb + bStep);
    ka += 2u * aStep;
    kb += 2u * bStep;
  }
  if (k < kEnd) {
    block = blockAdd(block, rows, ka, cols, kb);
  }
  let slice = gid.z * M * N;
  storeStrided(slice, gid.y, gid.x, block.a.l0, block.a.h0, block.b.l0, block.b.h0);
  storeStrided(slice, gid.y + SY_ROWS, gid.x, block.a.l1, block.a.h1, block.b.l1, block.b.h1);
  storeStrided(slice, gid.y + 2u * SY_ROWS, gid.x, block.a.l2, block.a.h2, block.b.l2, block.b.h2);
  storeStrided(slice, gid.y + 3u * SY_ROWS, gid.x, block.a.l3, block.a.h3, block.b.l3, block.b.h3);
  if (TALL) {
    storeStrided(slice, gid.y + 4u * SY_ROWS, gid.x, block.c.l0, block.c.h0, block.d.l0, block.d.h0);
    storeStrided(slice, gid.y + 5u * SY_ROWS, gid.x, block.c.l1, block.c.h1, block.d.l1, block.d.h1);
    storeStrided(slice, gid.y + 6u * SY_ROWS, gid.x, block.c.l2, block.c.h2, block.d.l2, block.d.h2);
    storeStrided(slice, gid.y + 7u * SY_ROWS, gid.x, block.c.l3, block.c.h3, block.d.l3, block.d.h3);
  }
}

// Where an invocation's rows start in A: rows 0 … 3 and, TALL, 4 … 7.
struct Rows8 {
  lo: vec4u,
  hi: vec4u,
}

// One k step of the block: A at rows `rows` offset by ka, B at columns `cols` offset by kb. Each
// value read serves every sum it enters.
fn blockAdd(x: Acc8x4, rows: Rows8, ka: u32, cols: Columns4, kb: u32) -> Acc8x4 {
  var r = x;
  let a0 = gatherA(rows.lo, ka);
  let b0 = gatherB(cols.a, kb);
  let b1 = gatherB(cols.b, kb);
  r.a = acc8Add(x.a, a0, b0, b1);
  if (WIDE) {
    let b2 = gatherB(cols.c, kb);
    let b3 = gatherB(cols.d, kb);
    r.b = acc8Add(x.b, a0, b2, b3);
    if (TALL) {
      let a1 = gatherA(rows.hi, ka);
      r.c = acc8Add(x.c, a1, b0, b1);
      r.d = acc8Add(x.d, a1, b2, b3);
    }
  }
  return r;
}

// A at rows `at` and B at columns `at`, each offset by the k step `o`.
fn gatherA(at: vec4u, o: u32) -> vec4<f32> {
  return vec4(a[at.x + o], a[at.y + o], a[at.z + o], a[at.w + o]);
}

fn gatherB(at: vec4u, o: u32) -> vec4<f32> {
  return vec4(b[at.x + o], b[at.y + o], b[at.z + o], b[at.w + o]);
}

// Row m of C, columns n + j·SX_COLS for j < COLUMNS (v0: 0 … 3, v1: 4 … 7, v2: 8 … 11,
// v3: 12 … 15), with the epilogue.
fn storeStrided(slice: u32, m: u32, n: u32, v0: vec4<f32>, v1: vec4<f32>, v2: vec4<f32>, v3: vec4<f32>) {
  if (m >= M) { return; }
  storeVec4(slice, m, n, v0);
  storeVec4(slice, m, n + 4u * SX_COLS, v1);
  if (WIDE) {
    storeVec4(slice, m, n + 8u * SX_COLS, v2);
    storeVec4(slice, m, n + 12u * SX_COLS, v3);
  }
}

// Row m of C, columns n + j·SX_COLS for j < 4: with the epilogue, or raw into the split's slice.
fn storeVec4(slice: u32, m: u32, n: u32, v: vec4<f32>) {
  for (var j = 0u; j < 4u; j++) {
    let col = n + j * SX_COLS;
    if (col >= N) { return; }
    var r = v[j];
    if (SPLIT) {
      c[slice + m * N + col] = r;
      continue;
    }
    if (BIAS) { r += bias[col]; }
    r = activate(r);
    c[m * N + col] = r;
  }
}

// Software adapters with M < 4 (a batch of one: a drawn digit). `software` would fill its 4-row
// block with copies of the one real row, and its N/4 invocations would walk all of a long K on one
// core. Here an invocation takes one row, four columns (strided SX4_COLS apart) and one slice
// of K_CHUNK terms (SPLIT, as in `main`); split-k-reduce.wgsl sums the slices.
override SX4_COLS: u32 = (N + 3u) / 4u;

@compute @workgroup_size(64)
fn softwareRows(@builtin(global_invocation_id) gid: vec3u) {
  let m = gid.y;
  if (gid.x >= SX4_COLS || m >= M) { return; }
  let n = min(vec4u(gid.x) + vec4u(0u, 1u, 2u, 3u) * SX4_COLS, vec4u(N - 1u));
  var bCol = n;
  var bStep = N;
  if (TRANS_B) {
    bCol = n * K;
    bStep = 1u;
  }
  var aAt = m * K;
  var aStep = 1u;
  if (TRANS_A) {
    aAt = m;
    aStep = M;
  }
  let kStart = gid.z * K_CHUNK;
  let kEnd = min(K, kStart + K_CHUNK);
  var acc = vec4(0.0);
  var k = kStart;
  // Unrolled by 4, as `software` is.
  for (; k + 4u <= kEnd; k += 4u) {
    acc += a[aAt + k * aStep] * gatherB(bCol, k * bStep);
    acc += a[aAt + (k + 1u) * aStep] * gatherB(bCol, (k + 1u) * bStep);
    acc += a[aAt + (k + 2u) * aStep] * gatherB(bCol, (k + 2u) * bStep);
    acc += a[aAt + (k + 3u) * aStep] * gatherB(bCol, (k + 3u) * bStep);
  }
  for (; k < kEnd; k++) {
    acc += a[aAt + k * aStep] * gatherB(bCol, k * bStep);
  }
  let slice = gid.z * M * N;
  for (var j = 0u; j < 4u; j++) {
    let col = gid.x + j * SX4_COLS;
    if (col < N) {
      c[slice + m * N + col] = acc[j];
    }
  }
}
