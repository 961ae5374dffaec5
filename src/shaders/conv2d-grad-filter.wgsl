// Split-K partials of the filter and bias gradients:
//   dw[o, c, kh, kw] = Σ_{b,oh,ow} dy[b, o, oh, ow] · x[b, c, oh·S + kh − PAD_T, ow·S + kw − PAD_L]
//   db[o]            = Σ_{b,oh,ow} dy[b, o, oh, ow]
// as an implicit GEMM C[m, n] = A[m, k] · B[k, n]: m = o, n = (c, kh, kw), k = (b, oh, ow).
// K is huge and M·N small, so workgroup z takes the CHUNK-long slice z of K and writes its
// partial [dw block M·N, db block M] to scratch at z·PARTIAL; conv2d-grad-filter-reduce.wgsl
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

  var acc: array<f32, 16>;
  var dbAcc: array<f32, 4>;
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
      var av: array<f32, 4>;
      var bv: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) {
        av[i] = tileA[k * TM + lid.x + i * WG_M];
        bv[i] = tileB[k * TN + lid.y + i * WG_N];
      }
      for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) {
          acc[i * 4u + j] = fma(av[i], bv[j], acc[i * 4u + j]);
        }
      }
      if (dbLane) {
        for (var i = 0u; i < 4u; i++) { dbAcc[i] += av[i]; }
      }
    }
    workgroupBarrier();
  }

  let base = wid.z * PARTIAL;
  for (var i = 0u; i < 4u; i++) {
    let m = m0 + lid.x + i * WG_M;
    if (m >= M) { continue; }
    if (dbLane) { partials[base + M * N + m] = dbAcc[i]; }
    for (var j = 0u; j < 4u; j++) {
      let n = n0 + lid.y + j * WG_N;
      if (n >= N) { continue; }
      partials[base + m * N + n] = acc[i * 4u + j];
    }
  }
}
