// out[b, o, oh, ow] = activate(bias[o] + Σ_{c,kh,kw} xp[b, c, oh·S + kh, ow·S + kw] · w(o, c, kh, kw))
// over an input that is already zero-bordered (pad.wgsl), or a 'valid' convolution's own input:
// every tap lies inside xp, so the tap loop has no bounds tests, clamps or selects. This is the
// convolution for software adapters (SwiftShader), which run a WGSL invocation as one SIMD lane
// and every buffer read as a per-lane gather: what costs is reads per multiply-add, and branches.
// Each invocation keeps 4 pixels (gid.x + i·SX_PIX, so neighbouring invocations touch
// neighbouring pixels) × 8 output channels (8·gid.y …) in registers: 12 reads per 32 FMAs.
//
// The filter is read through strides, w(o, c, kh, kw) = w[W0 + o·WO + c·WC + kh·WKH + kw·WKW],
// so that the input gradient of a stride-1 convolution runs here too: it is this convolution
// of the zero-bordered dy with the filter transposed (in ↔ out) and flipped (conv2d.ts).
// activate() is activation.wgsl and Acc8 is acc8.wgsl, both appended.

override BATCH: u32;
override IN_C: u32;
override IN_H: u32; // of xp, border included
override IN_W: u32;
override OUT_C: u32;
override OUT_H: u32;
override OUT_W: u32;
override KSIZE: u32;
override STRIDE: u32 = 1u;
override W0: i32 = 0;
override WO: i32;
override WC: i32;
override WKH: i32;
override WKW: i32 = 1;
override BIAS: bool = false;
override ACTIVATION: u32 = 0u;

override OHW: u32 = OUT_H * OUT_W;
override M: u32 = BATCH * OHW;
override SX_PIX: u32 = (M + 3u) / 4u;
override IN_HW: u32 = IN_H * IN_W;

@group(0) @binding(0) var<storage, read> xp: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

// Flat index into xp of pixel m's top-left tap in channel 0.
fn corner(m: u32) -> i32 {
  let r = m % OHW;
  return i32((m / OHW) * IN_C * IN_HW + (r / OUT_W) * STRIDE * IN_W + (r % OUT_W) * STRIDE);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= SX_PIX) { return; }
  // Pixels and channels past the end are clamped for the reads and skipped by the store.
  let px = min(vec4u(gid.x) + vec4u(0u, 1u, 2u, 3u) * SX_PIX, vec4u(M - 1u));
  let x0 = vec4i(corner(px.x), corner(px.y), corner(px.z), corner(px.w));
  let o = 8u * gid.y;
  let lo = vec4i(min(vec4u(o) + vec4u(0u, 1u, 2u, 3u), vec4u(OUT_C - 1u))) * WO + W0;
  let hi = vec4i(min(vec4u(o + 4u) + vec4u(0u, 1u, 2u, 3u), vec4u(OUT_C - 1u))) * WO + W0;
  var acc = acc8Zero();
  // The taps' offsets into xp and w, stepped rather than decoded from a flat tap index.
  var xi = 0i;
  var wi = 0i;
  if (KSIZE == 3u) {
    // The common case written out: SwiftShader pays for every loop trip, and two nested loops
    // of three trips per channel cost a third of the kernel's time.
    let iw = i32(IN_W);
    for (var c = 0u; c < IN_C; c++) {
      acc = tap(acc, x0, lo, hi, xi, wi);
      acc = tap(acc, x0, lo, hi, xi + 1i, wi + WKW);
      acc = tap(acc, x0, lo, hi, xi + 2i, wi + 2i * WKW);
      acc = tap(acc, x0, lo, hi, xi + iw, wi + WKH);
      acc = tap(acc, x0, lo, hi, xi + iw + 1i, wi + WKH + WKW);
      acc = tap(acc, x0, lo, hi, xi + iw + 2i, wi + WKH + 2i * WKW);
      acc = tap(acc, x0, lo, hi, xi + 2i * iw, wi + 2i * WKH);
      acc = tap(acc, x0, lo, hi, xi + 2i * iw + 1i, wi + 2i * WKH + WKW);
      acc = tap(acc, x0, lo, hi, xi + 2i * iw + 2i, wi + 2i * WKH + 2i * WKW);
      xi += i32(IN_HW);
      wi += WC;
    }
  } else {
    for (var c = 0u; c < IN_C; c++) {
      for (var kh = 0u; kh < KSIZE; kh++) {
        for (var kw = 0u; kw < KSIZE; kw++) {
          acc = tap(acc, x0, lo, hi, xi, wi);
          xi += 1;
          wi += WKW;
        }
        xi += i32(IN_W - KSIZE);
        wi += WKH - i32(KSIZE) * WKW;
      }
      xi += i32(IN_HW - KSIZE * IN_W);
      wi += WC - i32(KSIZE) * WKH;
    }
  }
  // Row i of acc: pixel i's channels o … o + 3 (l_i) and o + 4 … o + 7 (h_i).
  storePixel(gid.x, o, acc.l0);
  storePixel(gid.x + SX_PIX, o, acc.l1);
  storePixel(gid.x + 2u * SX_PIX, o, acc.l2);
  storePixel(gid.x + 3u * SX_PIX, o, acc.l3);
  storePixel(gid.x, o + 4u, acc.h0);
  storePixel(gid.x + SX_PIX, o + 4u, acc.h1);
  storePixel(gid.x + 2u * SX_PIX, o + 4u, acc.h2);
  storePixel(gid.x + 3u * SX_PIX, o + 4u, acc.h3);
}

// One tap for the four pixels at x0 and the eight channels at lo, hi: the tap's offsets xo into
// xp and wo into w.
fn tap(acc: Acc8, x0: vec4i, lo: vec4i, hi: vec4i, xo: i32, wo: i32) -> Acc8 {
  let xv = vec4(xp[x0.x + xo], xp[x0.y + xo], xp[x0.z + xo], xp[x0.w + xo]);
  let wl = vec4(w[lo.x + wo], w[lo.y + wo], w[lo.z + wo], w[lo.w + wo]);
  let wh = vec4(w[hi.x + wo], w[hi.y + wo], w[hi.z + wo], w[hi.w + wo]);
  return acc8Add(acc, xv, wl, wh);
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
