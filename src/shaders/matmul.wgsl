// C[M,N] = activate(op(A) · op(B) (+ bias[N])), row-major; activate() is activation.wgsl, appended.
// op(A) is A[M,K], or A stored as [K,M] when TRANS_A; op(B) is B[K,N], or B stored as [N,K]
// when TRANS_B. Each 16×16 workgroup computes a 64×64 tile of C through workgroup memory,
// each invocation a 4×4 block held in registers. With SPLIT, workgroup z takes only the K_CHUNK
// terms from z·K_CHUNK and writes its raw slice of C to c[z·M·N …] (scratch); split-k-reduce.wgsl
// sums the slices and applies the epilogue. That fills a big GPU when M·N is a few tiles and K
// is long (a dense layer's forward at a small batch).

override M: u32;
override N: u32;
override K: u32;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override BIAS: bool = false;
override ACTIVATION: u32 = 0u;
override SPLIT: bool = false;
// A multiple of TK, so a K tile never straddles two chunks.
override K_CHUNK: u32 = K;

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
// from memory and keeps a 4×8 block of C in registers (Acc8, acc8.wgsl, appended): rows
// r·SY_ROWS + gid.y and columns j·SX_COLS + gid.x, strided so that neighbouring invocations touch
// neighbouring columns. 12 reads per 32 multiply-adds; a 4×4 block (8 per 16) ran 10–20% slower.
override WG_X: u32 = 64u;
override WG_Y: u32 = 1u;
override SX_COLS: u32 = (N + 7u) / 8u;
override SY_ROWS: u32 = (M + 3u) / 4u;

@compute @workgroup_size(WG_X, WG_Y)
fn registers(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= SX_COLS || gid.y >= SY_ROWS) { return; }
  // Rows and columns past the edge are clamped for the loads and skipped by the store.
  let m = min(vec4u(gid.y) + vec4u(0u, 1u, 2u, 3u) * SY_ROWS, vec4u(M - 1u));
  let nLo = min(vec4u(gid.x) + vec4u(0u, 1u, 2u, 3u) * SX_COLS, vec4u(N - 1u));
  let nHi = min(vec4u(gid.x) + vec4u(4u, 5u, 6u, 7u) * SX_COLS, vec4u(N - 1u));
  var aRow = m * K;
  var aStep = 1u;
  if (TRANS_A) {
    aRow = m;
    aStep = M;
  }
  var bLo = nLo;
  var bHi = nHi;
  var bStep = N;
  if (TRANS_B) {
    bLo = nLo * K;
    bHi = nHi * K;
    bStep = 1u;
  }
  var acc = acc8Zero();
  var ka = 0u;
  var kb = 0u;
  var k = 0u;
  // Unrolled by 4: a software adapter pays for every loop trip.
  for (; k + 4u <= K; k += 4u) {
    acc = acc8Add(acc, gatherA(aRow, ka), gatherB(bLo, kb), gatherB(bHi, kb));
    acc = acc8Add(acc, gatherA(aRow, ka + aStep), gatherB(bLo, kb + bStep), gatherB(bHi, kb + bStep));
    acc = acc8Add(acc, gatherA(aRow, ka + 2u * aStep), gatherB(bLo, kb + 2u * bStep), gatherB(bHi, kb + 2u * bStep));
    acc = acc8Add(acc, gatherA(aRow, ka + 3u * aStep), gatherB(bLo, kb + 3u * bStep), gatherB(bHi, kb + 3u * bStep));
    ka += 4u * aStep;
    kb += 4u * bStep;
  }
  for (; k < K; k++) {
    acc = acc8Add(acc, gatherA(aRow, ka), gatherB(bLo, kb), gatherB(bHi, kb));
    ka += aStep;
    kb += bStep;
  }
  storeStrided(gid.y, gid.x, acc.l0, acc.h0);
  storeStrided(gid.y + SY_ROWS, gid.x, acc.l1, acc.h1);
  storeStrided(gid.y + 2u * SY_ROWS, gid.x, acc.l2, acc.h2);
  storeStrided(gid.y + 3u * SY_ROWS, gid.x, acc.l3, acc.h3);
}

// A at rows `at` and B at columns `at`, each offset by the k step `o`.
fn gatherA(at: vec4u, o: u32) -> vec4<f32> {
  return vec4(a[at.x + o], a[at.y + o], a[at.z + o], a[at.w + o]);
}

fn gatherB(at: vec4u, o: u32) -> vec4<f32> {
  return vec4(b[at.x + o], b[at.y + o], b[at.z + o], b[at.w + o]);
}

// Row m of C, columns n + j·SX_COLS for j < 8 (lo: 0 … 3, hi: 4 … 7), with the epilogue.
fn storeStrided(m: u32, n: u32, lo: vec4<f32>, hi: vec4<f32>) {
  if (m >= M) { return; }
  for (var j = 0u; j < 8u; j++) {
    let col = n + j * SX_COLS;
    if (col >= N) { return; }
    var r = select(hi[j % 4u], lo[j % 4u], j < 4u);
    if (BIAS) { r += bias[col]; }
    r = activate(r);
    c[m * N + col] = r;
  }
}

// Software adapters with M < 4 (a batch of one: a drawn digit). `registers` would fill its 4-row
// block with copies of the one real row, and its N/4 invocations would walk all of a long K on one
// core. Here an invocation takes one row, four columns (strided SX4_COLS apart) and one slice
// of K_CHUNK terms (SPLIT, as in `main`); split-k-reduce.wgsl sums the slices.
override SX4_COLS: u32 = (N + 3u) / 4u;

@compute @workgroup_size(64)
fn registerRows(@builtin(global_invocation_id) gid: vec3u) {
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
  // Unrolled by 4, as `registers` is.
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
