// out[b, o, oh, ow] = activate(bias[o] + Σ_{c,kh,kw} x[b, c, oh·S + kh − PAD_T, ow·S + kw − PAD_L] · w[o, c, kh, kw])
// as an implicit GEMM C[m, n] = A[m, k] · B[k, n]: m = (b, oh, ow) an output pixel, n = o,
// k = (c, kh, kw) a tap. A is never materialised: the tile loader reads x through the patch
// index and writes 0 for taps in the padding. A WG_M × WG_N workgroup computes a
// (4·WG_M) × (4·WG_N) tile of C through workgroup memory, each invocation a 4×4 block in registers.
// activate() is activation.wgsl, appended.

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
override BIAS: bool = false;
override ACTIVATION: u32 = 0u;
override WG_M: u32 = 16u;
override WG_N: u32 = 16u;
override TK: u32 = 16u;
// M tiles per grid row: tiles past 65535 continue in grid z.
override TILES_X: u32 = 65535u;

override OHW: u32 = OUT_H * OUT_W;
override M: u32 = BATCH * OHW;
override KK: u32 = KSIZE * KSIZE;
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

// The variant for software adapters (SwiftShader): no workgroup memory and no barriers. Each
// invocation computes 4 pixels (gid.x + i·SX_PIX, so neighbouring invocations read and write
// neighbouring pixels) × 4 output channels (4·gid.y …), reading x and w straight from memory.
// With no padding (INSIDE) every tap of a valid pixel lies in x, so the bounds test goes away.
override INSIDE: bool = false;
override SX_PIX: u32 = (M + 3u) / 4u;

// Flat index into x of pixel m's top-left tap in channel 0, and its (ih, iw) corner.
fn corner(m: u32) -> vec3i {
  let b = m / OHW;
  let r = m % OHW;
  return vec3i(i32(b * IN_C * IN_H * IN_W), i32((r / OUT_W) * STRIDE) - i32(PAD_T), i32((r % OUT_W) * STRIDE) - i32(PAD_L));
}

// Which of pixel p's KSIZE tap rows (bits of .x) and tap columns (bits of .y) lie inside x, found
// once so that the tap loop tests a bit instead of four bounds: branches cost SwiftShader more
// than the arithmetic they skip, since it runs both sides of a divergent one under a mask.
fn insideMasks(p: vec3i) -> vec2u {
  var rows = 0u;
  var cols = 0u;
  for (var k = 0u; k < KSIZE; k++) {
    // A negative coordinate wraps to a huge u32, so one comparison tests both ends.
    rows |= select(0u, 1u << k, u32(p.y + i32(k)) < IN_H);
    cols |= select(0u, 1u << k, u32(p.z + i32(k)) < IN_W);
  }
  return vec2u(rows, cols);
}

override X_LAST: i32 = i32(BATCH * IN_C * IN_H * IN_W) - 1;

// x at flat index i where tap bit `inside` is set, else 0. The load is unconditional (clamped to
// the buffer) and the select branch-free.
fn tapAt(i: i32, inside: u32) -> f32 {
  if (INSIDE) { return x[u32(i)]; }
  return select(0.0, x[u32(clamp(i, 0, X_LAST))], inside != 0u);
}

@compute @workgroup_size(64)
fn registers(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= SX_PIX) { return; }
  // Pixels past the end are clamped for the loads and skipped by the store.
  let p0 = corner(min(gid.x, M - 1u));
  let p1 = corner(min(gid.x + SX_PIX, M - 1u));
  let p2 = corner(min(gid.x + 2u * SX_PIX, M - 1u));
  let p3 = corner(min(gid.x + 3u * SX_PIX, M - 1u));
  let m0 = insideMasks(p0);
  let m1 = insideMasks(p1);
  let m2 = insideMasks(p2);
  let m3 = insideMasks(p3);
  // Flat index of each pixel's tap (c, 0, 0); a row down is IN_W, a channel on is IN_H·IN_W.
  let start = vec4i(p0.x + p0.y * i32(IN_W) + p0.z, p1.x + p1.y * i32(IN_W) + p1.z, p2.x + p2.y * i32(IN_W) + p2.z, p3.x + p3.y * i32(IN_W) + p3.z);
  let o = min(vec4u(4u * gid.y) + vec4u(0u, 1u, 2u, 3u), vec4u(OUT_C - 1u)) * K;
  var acc0 = vec4(0.0);
  var acc1 = vec4(0.0);
  var acc2 = vec4(0.0);
  var acc3 = vec4(0.0);
  var k = 0u;
  for (var c = 0u; c < IN_C; c++) {
    for (var kh = 0u; kh < KSIZE; kh++) {
      let row = start + vec4i(i32((c * IN_H + kh) * IN_W));
      let rowIn = (vec4u(m0.x, m1.x, m2.x, m3.x) >> vec4u(kh)) & vec4u(1u);
      for (var kw = 0u; kw < KSIZE; kw++) {
        let inside = rowIn & (vec4u(m0.y, m1.y, m2.y, m3.y) >> vec4u(kw));
        let wv = vec4(w[o.x + k], w[o.y + k], w[o.z + k], w[o.w + k]);
        acc0 += tapAt(row.x + i32(kw), inside.x) * wv;
        acc1 += tapAt(row.y + i32(kw), inside.y) * wv;
        acc2 += tapAt(row.z + i32(kw), inside.z) * wv;
        acc3 += tapAt(row.w + i32(kw), inside.w) * wv;
        k++;
      }
    }
  }
  storePixel(gid.x, 4u * gid.y, acc0);
  storePixel(gid.x + SX_PIX, 4u * gid.y, acc1);
  storePixel(gid.x + 2u * SX_PIX, 4u * gid.y, acc2);
  storePixel(gid.x + 3u * SX_PIX, 4u * gid.y, acc3);
}

// Pixel m, channels o … o + 3.
fn storePixel(m: u32, o: u32, v: vec4<f32>) {
  if (m >= M) { return; }
  let base = (m / OHW) * OUT_C * OHW + m % OHW;
  for (var j = 0u; j < 4u; j++) {
    if (o + j >= OUT_C) { return; }
    var r = v[j];
    if (BIAS) { r += bias[o + j]; }
    r = activate(r);
    out[base + (o + j) * OHW] = r;
  }
}
