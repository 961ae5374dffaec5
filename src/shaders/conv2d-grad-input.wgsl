// dx[b, c, ih, iw] = Σ_{o,kh,kw} dy[b, o, oh, ow] · w[o, c, kh, kw] over the taps where
// ih = oh·S + kh − PAD_T and iw = ow·S + kw − PAD_L, i.e. the transposed convolution,
// as an implicit GEMM C[m, n] = A[m, k] · B[k, n]: m = (b, ih, iw) an input pixel, n = c,
// k = (o, kh, kw). A reads dy at oh = (ih + PAD_T − kh) / S and is 0 where that is not a
// whole in-range row (stride gaps, borders). Tiling as in conv2d.wgsl; the shape overrides are
// lib/conv2d-shape.wgsl, appended.

override WG_M: u32 = 16u;
override WG_N: u32 = 16u;
override TK: u32 = 16u;
// M tiles per grid row: tiles past 65535 continue in grid z.
override TILES_X: u32 = 65535u;

override IHW: u32 = IN_H * IN_W;
override M: u32 = BATCH * IHW;
override K: u32 = OUT_C * KK;
override TM: u32 = 4u * WG_M;
override TN: u32 = 4u * WG_N;

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;

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

  // Each invocation loads A for one input pixel, fixed over the whole K loop.
  let am = t % TM;
  let aPixel = m0 + am;
  let aValid = aPixel < M;
  let ar = aPixel % IHW;
  let aBase = (aPixel / IHW) * OUT_C * OHW;
  let ihp = i32(ar / IN_W + PAD_T);
  let iwp = i32(ar % IN_W + PAD_L);
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
        let o = k / KK;
        let q = k % KK;
        let th = ihp - i32(q / KSIZE);
        let tw = iwp - i32(q % KSIZE);
        if (th >= 0 && tw >= 0 && u32(th) % STRIDE == 0u && u32(tw) % STRIDE == 0u) {
          let oh = u32(th) / STRIDE;
          let ow = u32(tw) / STRIDE;
          if (oh < OUT_H && ow < OUT_W) { v = dy[aBase + (o * OUT_H + oh) * OUT_W + ow]; }
        }
      }
      tileA[kl * TM + am] = v;
    }
    // B[k, n] = w[o, n, kh, kw] with k = (o, kh, kw); the fast index follows (kh, kw).
    for (var e = t; e < TN * TK; e += threads) {
      let n = n0 + e / TK;
      let k = k0 + e % TK;
      var v = 0.0;
      if (n < IN_C && k < K) { v = w[((k / KK) * IN_C + n) * KK + k % KK]; }
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
  let base = (m / IHW) * IN_C * IHW + m % IHW;
  for (var j = 0u; j < 4u; j++) {
    let c = n + j * WG_N;
    if (c >= IN_C) { return; }
    dx[base + c * IHW] = v[j];
  }
}

// The variant for software adapters (SwiftShader): no workgroup memory and no barriers, as in
// conv2d.wgsl. Each invocation computes 4 input pixels (gid.x + i·SX_PIX, so neighbouring
// invocations touch neighbouring pixels) × 4 input channels (4·gid.y …), reading dy and w
// straight from memory.
override SX_PIX: u32 = (M + 3u) / 4u;

// Pixel m's batch offset into dy and its padded (ih + PAD_T, iw + PAD_L).
fn origin(m: u32) -> vec3i {
  let r = m % IHW;
  return vec3i(i32((m / IHW) * OUT_C * OHW), i32(r / IN_W + PAD_T), i32(r % IN_W + PAD_L));
}

// Which of pixel p's KSIZE tap rows (bits of .x) and columns (bits of .y) land on an output
// pixel: th = p.y − kh must be ≥ 0, a multiple of S and th / S < OUT_H (likewise for columns).
// Found once per pixel, for the reason given in conv2d.wgsl: SwiftShader pays for branches.
fn landingMasks(p: vec3i) -> vec2u {
  var rows = 0u;
  var cols = 0u;
  let s = i32(STRIDE);
  for (var k = 0u; k < KSIZE; k++) {
    let th = p.y - i32(k);
    let tw = p.z - i32(k);
    rows |= select(0u, 1u << k, th >= 0 && th % s == 0 && th / s < i32(OUT_H));
    cols |= select(0u, 1u << k, tw >= 0 && tw % s == 0 && tw / s < i32(OUT_W));
  }
  return vec2u(rows, cols);
}

override DY_LAST: i32 = i32(BATCH * OUT_C * OHW) - 1;

// dy at flat index i where tap bit `lands` is set, else 0: an unconditional, clamped load.
fn dyAt(i: i32, lands: u32) -> f32 {
  return select(0.0, dy[u32(clamp(i, 0, DY_LAST))], lands != 0u);
}

@compute @workgroup_size(64)
fn software(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= SX_PIX) { return; }
  // Pixels past the end are clamped for the loads and skipped by the store.
  let p0 = origin(min(gid.x, M - 1u));
  let p1 = origin(min(gid.x + SX_PIX, M - 1u));
  let p2 = origin(min(gid.x + 2u * SX_PIX, M - 1u));
  let p3 = origin(min(gid.x + 3u * SX_PIX, M - 1u));
  let m0 = landingMasks(p0);
  let m1 = landingMasks(p1);
  let m2 = landingMasks(p2);
  let m3 = landingMasks(p3);
  let s = i32(STRIDE);
  let ph = vec4i(p0.y, p1.y, p2.y, p3.y);
  let pw = vec4i(p0.z, p1.z, p2.z, p3.z);
  let batch = vec4i(p0.x, p1.x, p2.x, p3.x);
  // w[o, c, kh, kw] for the 4 channels c of this invocation: offsets KK apart.
  let c = min(vec4u(4u * gid.y) + vec4u(0u, 1u, 2u, 3u), vec4u(IN_C - 1u)) * KK;
  var acc0 = vec4(0.0);
  var acc1 = vec4(0.0);
  var acc2 = vec4(0.0);
  var acc3 = vec4(0.0);
  for (var o = 0u; o < OUT_C; o++) {
    let wo = o * IN_C * KK;
    var q = 0u;
    for (var kh = 0u; kh < KSIZE; kh++) {
      // Flat index of dy[b, o, (ph − kh) / S, 0] per pixel; garbage where the row bit is clear.
      let row = batch + (vec4i(i32(o * OUT_H)) + (ph - vec4i(i32(kh))) / vec4i(s)) * vec4i(i32(OUT_W));
      let rowLands = (vec4u(m0.x, m1.x, m2.x, m3.x) >> vec4u(kh)) & vec4u(1u);
      for (var kw = 0u; kw < KSIZE; kw++) {
        let at = row + (pw - vec4i(i32(kw))) / vec4i(s);
        let lands = rowLands & (vec4u(m0.y, m1.y, m2.y, m3.y) >> vec4u(kw));
        let wv = vec4(w[wo + c.x + q], w[wo + c.y + q], w[wo + c.z + q], w[wo + c.w + q]);
        acc0 += dyAt(at.x, lands.x) * wv;
        acc1 += dyAt(at.y, lands.y) * wv;
        acc2 += dyAt(at.z, lands.z) * wv;
        acc3 += dyAt(at.w, lands.w) * wv;
        q++;
      }
    }
  }
  storePixel(gid.x, 4u * gid.y, acc0);
  storePixel(gid.x + SX_PIX, 4u * gid.y, acc1);
  storePixel(gid.x + 2u * SX_PIX, 4u * gid.y, acc2);
  storePixel(gid.x + 3u * SX_PIX, 4u * gid.y, acc3);
}

// Pixel m, channels c … c + 3.
fn storePixel(m: u32, c: u32, v: vec4<f32>) {
  if (m >= M) { return; }
  let base = (m / IHW) * IN_C * IHW + m % IHW;
  for (var j = 0u; j < 4u; j++) {
    if (c + j >= IN_C) { return; }
    dx[base + (c + j) * IHW] = v[j];
  }
}
