// out[b, o, oh, ow] = activate(bias[o] + Σ_{c,kh,kw} x[b, c, oh·S + kh − PAD_T, ow·S + kw − PAD_L] · w[o, c, kh, kw])
// as an implicit GEMM C[m, n] = A[m, k] · B[k, n]: m = (b, oh, ow) an output pixel, n = o,
// k = (c, kh, kw) a tap. A is never materialised: the tile loader reads x through the patch
// index and writes 0 for taps in the padding. A WG_M × WG_N workgroup computes a
// (4·WG_M) × (4·WG_N) tile of C through workgroup memory, each invocation a 4×4 block in registers.
// The shape overrides are lib/conv2d-shape.wgsl; it and activation.wgsl are appended.

override BIAS: bool = false;
override ACTIVATION: u32 = 0u;
override WG_M: u32 = 16u;
override WG_N: u32 = 16u;
override TK: u32 = 16u;
// M tiles per grid row: tiles past 65535 continue in grid z.
override TILES_X: u32 = 65535u;

override M: u32 = BATCH * OHW;
override K: u32 = IN_C * KK;
override TM: u32 = 4u * WG_M;
override TN: u32 = 4u * WG_N;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

// Sized for the largest tile (64 wide, 16 deep); smaller tiles use a prefix.
var<workgroup> tileA: array<f32, 1024>; // [k][m]
var<workgroup> tileB: array<f32, 1024>; // [k][n]

@compute @workgroup_size(WG_M, WG_N)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let m0 = (wid.x + wid.z * TILES_X) * TM;
  if (m0 >= M) { return; }
  let n0 = wid.y * TN;
  let t = lid.y * WG_M + lid.x;
  let threads = WG_M * WG_N;

  // Each invocation loads A for one pixel (fixed over the whole K loop) and every
  // (WG_N/4)-th tap row, so the pixel's decomposition is done once.
  let am = t % TM;
  let aPixel = m0 + am;
  let aValid = aPixel < M;
  let ab = aPixel / OHW;
  let ar = aPixel % OHW;
  let aBase = ab * IN_C * IN_H * IN_W;
  let ih0 = i32((ar / OUT_W) * STRIDE) - i32(PAD_T);
  let iw0 = i32((ar % OUT_W) * STRIDE) - i32(PAD_L);
  let kStep = threads / TM;

  // Four named rows rather than an indexed array: software rasterisers (SwiftShader) keep a
  // dynamically indexed private array in memory and gather/scatter every access.
  var acc0 = vec4(0.0);
  var acc1 = vec4(0.0);
  var acc2 = vec4(0.0);
  var acc3 = vec4(0.0);
  for (var k0 = 0u; k0 < K; k0 += TK) {
    for (var kl = t / TM; kl < TK; kl += kStep) {
      let k = k0 + kl;
      var v = 0.0;
      if (aValid && k < K) {
        let c = k / KK;
        let q = k % KK;
        let ih = ih0 + i32(q / KSIZE);
        let iw = iw0 + i32(q % KSIZE);
        if (ih >= 0 && ih < i32(IN_H) && iw >= 0 && iw < i32(IN_W)) {
          v = x[aBase + (c * IN_H + u32(ih)) * IN_W + u32(iw)];
        }
      }
      tileA[kl * TM + am] = v;
    }
    // B[k, n] = w[n, k]: the fast index follows k, which is contiguous in w.
    for (var e = t; e < TN * TK; e += threads) {
      let n = n0 + e / TK;
      let k = k0 + e % TK;
      var v = 0.0;
      if (n < OUT_C && k < K) { v = w[n * K + k]; }
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
    }
    workgroupBarrier();
  }

  store(m0 + lid.x, n0 + lid.y, acc0);
  store(m0 + lid.x + WG_M, n0 + lid.y, acc1);
  store(m0 + lid.x + 2u * WG_M, n0 + lid.y, acc2);
  store(m0 + lid.x + 3u * WG_M, n0 + lid.y, acc3);
}

// Row m of C, columns n, n + WG_N, n + 2·WG_N, n + 3·WG_N.
fn store(m: u32, n: u32, v: vec4<f32>) {
  if (m >= M) { return; }
  let base = (m / OHW) * OUT_C * OHW + m % OHW;
  for (var j = 0u; j < 4u; j++) {
    let o = n + j * WG_N;
    if (o >= OUT_C) { return; }
    var r = v[j];
    if (BIAS) { r += bias[o]; }
    r = activate(r);
    out[base + o * OHW] = r;
  }
}
