// Split-K partials of the filter and bias gradients:
//   dw[o, c, kh, kw] = Σ_{b,oh,ow} dy[b, o, oh, ow] · x[b, c, oh·S + kh − PAD_T, ow·S + kw − PAD_L]
//   db[o]            = Σ_{b,oh,ow} dy[b, o, oh, ow]
// as an implicit GEMM C[m, n] = A[m, k] · B[k, n]: m = o, n = (c, kh, kw), k = (b, oh, ow).
// K is huge and M·N small, so workgroup z takes the CHUNK-long slice z of K and writes its
// partial [dw block M·N, db block M] to scratch at z·PARTIAL; split-k-reduce.wgsl
// sums the slices. Tiling as in conv2d.wgsl; the shape overrides are lib/conv2d-shape.wgsl, appended
// with acc8.wgsl.

override WG_M: u32 = 16u;
override WG_N: u32 = 16u;
// A multiple of TK.
override CHUNK: u32;
override PARTIAL: u32;

override M: u32 = OUT_C;
override N: u32 = IN_C * KK;
override K: u32 = BATCH * OHW;
override TM: u32 = 4u * WG_M;
override TN: u32 = 4u * WG_N;
const TK: u32 = 16u;

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;

// Sized for the largest tile (64 wide, 16 deep); smaller tiles use a prefix.
var<workgroup> tileA: array<f32, 1024>; // [k][m]
var<workgroup> tileB: array<f32, 1024>; // [k][n]

@compute @workgroup_size(WG_M, WG_N)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let m0 = wid.x * TM;
  let n0 = wid.y * TN;
  let kBegin = wid.z * CHUNK;
  let kEnd = min(kBegin + CHUNK, K);
  let t = lid.y * WG_M + lid.x;
  let threads = WG_M * WG_N;
  // The first column of invocations of the first N tile also sums dy for db.
  let dbLane = wid.y == 0u && lid.y == 0u;

  // Four named rows rather than an indexed array: software rasterisers (SwiftShader) keep a
  // dynamically indexed private array in memory and gather/scatter every access.
  var acc0 = vec4(0.0);
  var acc1 = vec4(0.0);
  var acc2 = vec4(0.0);
  var acc3 = vec4(0.0);
  var dbAcc = vec4(0.0);
  for (var k0 = kBegin; k0 < kEnd; k0 += TK) {
    // The fast index follows k = (b, oh, ow), contiguous in both dy and x.
    for (var e = t; e < TM * TK; e += threads) {
      let o = m0 + e / TK;
      let p = k0 + e % TK;
      var v = 0.0;
      if (o < M && p < kEnd) { v = dy[((p / OHW) * OUT_C + o) * OHW + p % OHW]; }
      tileA[(e % TK) * TM + e / TK] = v;
    }
    for (var e = t; e < TN * TK; e += threads) {
      let n = n0 + e / TK;
      let p = k0 + e % TK;
      var v = 0.0;
      if (n < N && p < kEnd) {
        let r = p % OHW;
        let q = n % KK;
        let ih = i32((r / OUT_W) * STRIDE + q / KSIZE) - i32(PAD_T);
        let iw = i32((r % OUT_W) * STRIDE + q % KSIZE) - i32(PAD_L);
        if (ih >= 0 && ih < i32(IN_H) && iw >= 0 && iw < i32(IN_W)) {
          v = x[(((p / OHW) * IN_C + n / KK) * IN_H + u32(ih)) * IN_W + u32(iw)];
        }
      }
      tileB[(e % TK) * TN + e / TK] = v;
    }
    workgroupBarrier();
    for (var k = 0u; k < TK; k++) {
      let ao = k * TM + lid.x;
      let bo = k * TN + lid.y;
      let a = vec4(tileA[ao], tileA[ao + WG_M], tileA[ao + 2u * WG_M], tileA[ao + 3u * WG_M]);
      let b = vec4(tileB[bo], tileB[bo + WG_N], tileB[bo + 2u * WG_N], tileB[bo + 3u * WG_N]);
      acc0 = fma(vec4(a.x), b, acc0);
      acc1 = fma(vec4(a.y), b, acc1);
      acc2 = fma(vec4(a.z), b, acc2);
      acc3 = fma(vec4(a.w), b, acc3);
      if (dbLane) { dbAcc += a; }
    }
    workgroupBarrier();
  }

  let base = wid.z * PARTIAL;
  store(base, m0 + lid.x, n0 + lid.y, acc0, dbLane, dbAcc.x);
  store(base, m0 + lid.x + WG_M, n0 + lid.y, acc1, dbLane, dbAcc.y);
  store(base, m0 + lid.x + 2u * WG_M, n0 + lid.y, acc2, dbLane, dbAcc.z);
  store(base, m0 + lid.x + 3u * WG_M, n0 + lid.y, acc3, dbLane, dbAcc.w);
}

// Row m of this slice's partial: dw at columns n, n + WG_N, n + 2·WG_N, n + 3·WG_N, and db.
fn store(base: u32, m: u32, n: u32, v: vec4<f32>, dbLane: bool, db: f32) {
  if (m >= M) { return; }
  if (dbLane) { partials[base + M * N + m] = db; }
  for (var j = 0u; j < 4u; j++) {
    let c = n + j * WG_N;
    if (c >= N) { return; }
    partials[base + m * N + c] = v[j];
  }
}

// The variant for software adapters (SwiftShader): no workgroup memory and no barriers. A
// workgroup's 64 lanes are SPLITS splits (a power of two, at most 64) of 64 / SPLITS blocks of dw
// side by side. Split s takes the output rows (b, oh) ≡ s (mod SPLITS) and walks each row's
// pixels, so the pixel loop steps its offsets instead of dividing. Each invocation keeps a 4 (o:
// 4·gid.y …; 8 with CHANNELS, below) × TAPS (n: TAPS·block …) block of dw in registers, plus
// Σ dy for its channels: 4 + TAPS reads per 4·TAPS FMAs. TAPS is 8, 12 or 16, whichever leaves
// fewest taps idle, the widest on a tie (softwareTaps in conv2d-grad-filter-plan.ts): the seed
// cnn's conv1 has 9 taps, one block of 12 rather than two of 8, one of them holding 1 real tap.
// CHANNELS = 8 (softwareChannels: wherever there are more than 4) keeps a second vec4 of channels
// that reuses every tap read: 8 + TAPS reads per 8·TAPS FMAs. Both beat blocks of 8 taps and 4
// channels (docs/ENGINE-KERNELS-NOTES.md). x is a 'valid' convolution's input or the forward
// pass's zero-bordered copy (PAD_T = PAD_L = 0 then), so every tap lies inside it and the loads
// need no masks.
override SPLITS: u32 = 64u;
override TAPS: u32 = 8u;
override BLOCKS_PER_GROUP: u32 = 64u / SPLITS;
override ROWS: u32 = BATCH * OUT_H;
// Whether db is wanted: a convolution without a bias skips its sums.
override DB: bool = true;
// Output channels per invocation: 4, or 8 (two vec4s sharing each tap read).
override CHANNELS: u32 = 4u;

// Offsets of taps n … n + 3 (clamped to the last) from a pixel's corner in x.
fn taps(n0: u32) -> vec4i {
  let n = min(vec4u(n0) + vec4u(0u, 1u, 2u, 3u), vec4u(N - 1u));
  let q = n % vec4u(KK);
  return vec4i(n / vec4u(KK) * IN_H * IN_W + q / vec4u(KSIZE) * IN_W + q % vec4u(KSIZE));
}

fn tapRow(t: vec4i, at: i32) -> vec4<f32> {
  return vec4(x[at + t.x], x[at + t.y], x[at + t.z], x[at + t.w]);
}

@compute @workgroup_size(64)
fn software(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lane: u32) {
  let s = lane % SPLITS;
  let block = wid.z * BLOCKS_PER_GROUP + lane / SPLITS;
  let n = TAPS * block;
  if (n >= N) { return; }
  // Channels and taps past the edge are clamped for the loads and skipped by the store.
  let m = CHANNELS * wid.y;
  let o = channelRows(m);
  let o2 = channelRows(m + 4u);
  let lo = taps(n);
  let hi = taps(n + 4u);
  let ex = taps(n + 8u);
  let ex2 = taps(n + 12u);
  // Channels m … m + 3 by taps n … n + 7 (a) and n + 8 … n + 15 where TAPS is 16, n + 8 … n + 11
  // where it is 12 (b); channels m + 4 … m + 7 likewise (c, d) where CHANNELS is 8.
  var acc = Acc8x4(acc8Zero(), acc8Zero(), acc8Zero(), acc8Zero());
  var dbAcc = vec4(0.0);
  var dbAcc2 = vec4(0.0);
  // Only the first column of dw blocks sums dy for db: the others would add 4 to every 32 FMAs.
  let withDb = DB && block == 0u;
  for (var row = s; row < ROWS; row += SPLITS) {
    let b = row / OUT_H;
    let oh = row % OUT_H;
    var yi = b * OUT_C * OHW + oh * OUT_W;
    var xi = i32((b * IN_C * IN_H + oh * STRIDE) * IN_W);
    for (var ow = 0u; ow < OUT_W; ow++) {
      let a = vec4(dy[yi + o.x], dy[yi + o.y], dy[yi + o.z], dy[yi + o.w]);
      let x0 = tapRow(lo, xi);
      let x1 = tapRow(hi, xi);
      var x2 = vec4(0.0);
      var x3 = vec4(0.0);
      if (TAPS >= 12u) { x2 = tapRow(ex, xi); }
      if (TAPS == 16u) { x3 = tapRow(ex2, xi); }
      acc.a = acc8Add(acc.a, a, x0, x1);
      acc.b = wideAdd(acc.b, a, x2, x3);
      if (withDb) { dbAcc += a; }
      if (CHANNELS == 8u) {
        let a2 = vec4(dy[yi + o2.x], dy[yi + o2.y], dy[yi + o2.z], dy[yi + o2.w]);
        acc.c = acc8Add(acc.c, a2, x0, x1);
        acc.d = wideAdd(acc.d, a2, x2, x3);
        if (withDb) { dbAcc2 += a2; }
      }
      yi += 1u;
      xi += i32(STRIDE);
    }
  }
  let base = s * PARTIAL;
  storeBlock(base, m, n, acc.a, acc.b);
  if (withDb) { storeDb(base, m, dbAcc); }
  if (CHANNELS == 8u) {
    storeBlock(base, m + 4u, n, acc.c, acc.d);
    if (withDb) { storeDb(base, m + 4u, dbAcc2); }
  }
}

// Where channels m … m + 3 (clamped to the last) start in a sample's dy.
fn channelRows(m: u32) -> vec4u {
  return min(vec4u(m) + vec4u(0u, 1u, 2u, 3u), vec4u(M - 1u)) * OHW;
}

// The taps past the first 8 of a block: all 8 where TAPS is 16, 4 where it is 12, none for 8.
fn wideAdd(acc: Acc8, a: vec4<f32>, x2: vec4<f32>, x3: vec4<f32>) -> Acc8 {
  if (TAPS == 16u) { return acc8Add(acc, a, x2, x3); }
  if (TAPS == 12u) { return acc8AddLow(acc, a, x2); }
  return acc;
}

// dw[m … m + 3, n … n + TAPS − 1] of one partial: taps n … n + 7 from first, the rest from wide.
fn storeBlock(base: u32, m: u32, n: u32, first: Acc8, wide: Acc8) {
  storePartial(base, m, n, first.l0, first.h0);
  storePartial(base, m + 1u, n, first.l1, first.h1);
  storePartial(base, m + 2u, n, first.l2, first.h2);
  storePartial(base, m + 3u, n, first.l3, first.h3);
  if (TAPS == 16u) {
    storePartial(base, m, n + 8u, wide.l0, wide.h0);
    storePartial(base, m + 1u, n + 8u, wide.l1, wide.h1);
    storePartial(base, m + 2u, n + 8u, wide.l2, wide.h2);
    storePartial(base, m + 3u, n + 8u, wide.l3, wide.h3);
  } else if (TAPS == 12u) {
    // Only columns 0 … 3: n + 12 onwards is the next block's.
    storeVec4(base, m, n + 8u, wide.l0);
    storeVec4(base, m + 1u, n + 8u, wide.l1);
    storeVec4(base, m + 2u, n + 8u, wide.l2);
    storeVec4(base, m + 3u, n + 8u, wide.l3);
  }
}

// db[m … m + 3] of one partial; channels past M are skipped.
fn storeDb(base: u32, m: u32, db: vec4<f32>) {
  for (var j = 0u; j < 4u; j++) {
    if (m + j < M) { partials[base + M * N + m + j] = db[j]; }
  }
}

// acc += aᵀ·lo in columns 0 … 3 only (the last vec4 of a block of 12 taps).
fn acc8AddLow(acc: Acc8, a: vec4<f32>, lo: vec4<f32>) -> Acc8 {
  return Acc8(acc.l0 + a.x * lo, acc.l1 + a.y * lo, acc.l2 + a.z * lo, acc.l3 + a.w * lo, acc.h0, acc.h1, acc.h2, acc.h3);
}

// dw[m, n … n + 7] of one partial.
fn storePartial(base: u32, m: u32, n: u32, lo: vec4<f32>, hi: vec4<f32>) {
  storeVec4(base, m, n, lo);
  storeVec4(base, m, n + 4u, hi);
}

// dw[m, n … n + 3] of one partial.
fn storeVec4(base: u32, m: u32, n: u32, v: vec4<f32>) {
  if (m >= M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < N) { partials[base + m * N + n + j] = v[j]; }
  }
}
