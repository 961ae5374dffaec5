// Split-K partials of the filter and bias gradients:
//   dw[o, c, kh, kw] = Σ_{b,oh,ow} dy[b, o, oh, ow] · x[b, c, oh·S + kh − PAD_T, ow·S + kw − PAD_L]
//   db[o]            = Σ_{b,oh,ow} dy[b, o, oh, ow]
// as an implicit GEMM C[m, n] = A[m, k] · B[k, n]: m = o, n = (c, kh, kw), k = (b, oh, ow).
// K is huge and M·N small, so workgroup z takes the CHUNK-long slice z of K and writes its
// partial [dw block M·N, db block M] to scratch at z·PARTIAL; split-k-reduce.wgsl
// sums the slices. Tiling as in conv2d.wgsl.

override BATCH: u32;
override IN_C: u32;
override IN_H: u32;
override IN_W: u32;
override OUT_C: u32;
override OUT_H: u32;
override OUT_W: u32;
override KSIZE: u32;
override STRIDE: u32;
override PAD_T: u32;
override PAD_L: u32;
override WG_M: u32 = 16u;
override WG_N: u32 = 16u;
// A multiple of TK.
override CHUNK: u32;
override PARTIAL: u32;

override OHW: u32 = OUT_H * OUT_W;
override KK: u32 = KSIZE * KSIZE;
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

// The variant for software adapters (SwiftShader): no workgroup memory and no barriers. Split
// s = gid.x takes the pixels k ≡ s (mod SPLITS), so neighbouring invocations read neighbouring
// pixels of dy and x; each keeps a 4 (o: 4·gid.y …) × 4 (n: 4·gid.z …) block of dw in
// registers, plus Σ dy for its 4 channels. With no padding (INSIDE) every tap lies in x.
override SPLITS: u32 = 1u;
override INSIDE: bool = false;

override X_LAST: i32 = i32(BATCH * IN_C * IN_H * IN_W) - 1;

// x at flat index i where `inside`, else 0: an unconditional, clamped load and a select, since
// SwiftShader runs both sides of a divergent branch under a mask.
fn tapAt(i: i32, inside: bool) -> f32 {
  if (INSIDE) { return x[u32(i)]; }
  return select(0.0, x[u32(clamp(i, 0, X_LAST))], inside);
}

@compute @workgroup_size(64)
fn registers(@builtin(global_invocation_id) gid: vec3u) {
  let s = gid.x;
  if (s >= SPLITS) { return; }
  // Channels and taps past the edge are clamped for the loads and skipped by the store.
  let o = min(vec4u(4u * gid.y) + vec4u(0u, 1u, 2u, 3u), vec4u(M - 1u)) * OHW;
  let n = min(vec4u(4u * gid.z) + vec4u(0u, 1u, 2u, 3u), vec4u(N - 1u));
  // The 4 taps n = (c, kh, kw), decoded once: their row and column offsets and channel planes.
  let q = n % vec4u(KK);
  let kh = vec4i(q / vec4u(KSIZE));
  let kw = vec4i(q % vec4u(KSIZE));
  let plane = vec4i(n / vec4u(KK) * IN_H * IN_W);
  var acc0 = vec4(0.0);
  var acc1 = vec4(0.0);
  var acc2 = vec4(0.0);
  var acc3 = vec4(0.0);
  var dbAcc = vec4(0.0);
  for (var k = s; k < K; k += SPLITS) {
    let b = k / OHW;
    let r = k % OHW;
    let yb = b * OUT_C * OHW + r;
    let a = vec4(dy[yb + o.x], dy[yb + o.y], dy[yb + o.z], dy[yb + o.w]);
    let ih = vec4i(i32((r / OUT_W) * STRIDE) - i32(PAD_T)) + kh;
    let iw = vec4i(i32((r % OUT_W) * STRIDE) - i32(PAD_L)) + kw;
    // A negative coordinate wraps to a huge u32, so one comparison tests both ends.
    let inside = (vec4u(ih) < vec4u(IN_H)) & (vec4u(iw) < vec4u(IN_W));
    let at = vec4i(i32(b * IN_C * IN_H * IN_W)) + plane + ih * vec4i(i32(IN_W)) + iw;
    let bv = vec4(tapAt(at.x, inside.x), tapAt(at.y, inside.y), tapAt(at.z, inside.z), tapAt(at.w, inside.w));
    acc0 += a.x * bv;
    acc1 += a.y * bv;
    acc2 += a.z * bv;
    acc3 += a.w * bv;
    dbAcc += a;
  }
  let base = s * PARTIAL;
  storePartial(base, 4u * gid.y, 4u * gid.z, acc0);
  storePartial(base, 4u * gid.y + 1u, 4u * gid.z, acc1);
  storePartial(base, 4u * gid.y + 2u, 4u * gid.z, acc2);
  storePartial(base, 4u * gid.y + 3u, 4u * gid.z, acc3);
  if (gid.z == 0u) {
    for (var j = 0u; j < 4u; j++) {
      if (4u * gid.y + j < M) { partials[base + M * N + 4u * gid.y + j] = dbAcc[j]; }
    }
  }
}

// dw[m, n … n + 3] of one partial.
fn storePartial(base: u32, m: u32, n: u32, v: vec4<f32>) {
  if (m >= M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < N) { partials[base + m * N + n + j] = v[j]; }
  }
}
