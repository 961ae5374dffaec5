// out[b, o, oh, ow] = activate(bias[o] + Σ_{c,kh,kw} xp[b, c, oh·S + kh, ow·S + kw] · w(o, c, kh, kw))
// over an input that is already zero-bordered (pad.wgsl), or a 'valid' convolution's own input:
// every tap lies inside xp, so the tap loop has no bounds tests, clamps or selects. This is the
// convolution for software adapters (SwiftShader), which run a WGSL invocation as one SIMD lane
// and every buffer read as a per-lane gather: what costs is reads per multiply-add, and branches.
// Each invocation keeps 4 pixels (gid.x + i·SX_PIX, so neighbouring invocations touch
// neighbouring pixels) × 16 output channels (16·gid.y …, two 4 × 8 blocks) in registers: 20 reads
// per 64 FMAs (or 8 pixels, TALL, below), fewer than 8 channels an invocation
// (docs/ENGINE-KERNELS-NOTES.md). With 9 taps and one input channel (the seed cnn's first conv)
// the stores cost as much as the sums, so each pixel's offset is decoded once and the bias read
// once per channel. WIDE = false keeps one block, for 8 channels or fewer. TALL doubles the pixels
// (gid.x + i·SX_PIX, i < 8: up to four 4 × 8 blocks), where conv2d-plan.ts finds the grid wide
// enough: 24 reads per 128 FMAs.
//
// The filter is read through strides, w(o, c, kh, kw) = w[W0 + o·WO + c·WC + kh·WKH + kw·WKW],
// so that the input gradient of a stride-1 convolution runs here too: it is this convolution
// of the zero-bordered dy with the filter transposed (in ↔ out) and flipped (conv2d-plan.ts).
// The shape overrides are lib/conv2d-shape.wgsl (IN_H and IN_W of xp, border included); it, the
// store (lib/conv2d-software-store*.wgsl), activation.wgsl and acc8.wgsl are appended.

override W0: i32 = 0;
override WO: i32;
override WC: i32;
override WKH: i32;
override WKW: i32 = 1;
override BIAS: bool = false;
override ACTIVATION: u32 = 0u;

override M: u32 = BATCH * OHW;
override SX_PIX: u32 = (M + select(3u, 7u, TALL)) / select(4u, 8u, TALL);
override IN_HW: u32 = IN_H * IN_W;
override WIDE: bool = true;
override CHANNELS: u32 = select(8u, 16u, WIDE);
// 8 pixels per invocation rather than 4 (conv2d-plan.ts picks it where the grid stays wide).
override TALL: bool = false;

@group(0) @binding(0) var<storage, read> xp: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
// Binding 3, out, comes with the store (lib/conv2d-software-store*.wgsl).

// Flat index into xp of pixel m's top-left tap in channel 0.
fn corner(m: u32) -> i32 {
  let r = m % OHW;
  return i32((m / OHW) * IN_C * IN_HW + (r / OUT_W) * STRIDE * IN_W + (r % OUT_W) * STRIDE);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= SX_PIX) { return; }
  // Pixels and channels past the end are clamped for the reads and skipped by the store.
  var x = Corners8(corners(gid.x, 0u), vec4i(0));
  if (TALL) { x.hi = corners(gid.x, 4u); }
  let o = CHANNELS * gid.y;
  let w4 = Filters4(filterRow(o), filterRow(o + 4u), filterRow(o + 8u), filterRow(o + 12u));
  // Pixels 0 … 3 by channels 0 … 7 (a) and, WIDE, 8 … 15 (b); pixels 4 … 7 likewise, TALL (c, d).
  var acc = Acc8x4(acc8Zero(), acc8Zero(), acc8Zero(), acc8Zero());
  // The taps' offsets into xp and w, stepped rather than decoded from a flat tap index.
  var xi = 0i;
  var wi = 0i;
  if (KSIZE == 3u) {
    // The common case written out: SwiftShader pays for every loop trip, and two nested loops
    // of three trips per channel cost a third of the kernel's time.
    let iw = i32(IN_W);
    for (var c = 0u; c < IN_C; c++) {
      acc = tap(acc, x, w4, xi, wi);
      acc = tap(acc, x, w4, xi + 1i, wi + WKW);
      acc = tap(acc, x, w4, xi + 2i, wi + 2i * WKW);
      acc = tap(acc, x, w4, xi + iw, wi + WKH);
      acc = tap(acc, x, w4, xi + iw + 1i, wi + WKH + WKW);
      acc = tap(acc, x, w4, xi + iw + 2i, wi + WKH + 2i * WKW);
      acc = tap(acc, x, w4, xi + 2i * iw, wi + 2i * WKH);
      acc = tap(acc, x, w4, xi + 2i * iw + 1i, wi + 2i * WKH + WKW);
      acc = tap(acc, x, w4, xi + 2i * iw + 2i, wi + 2i * WKH + 2i * WKW);
      xi += i32(IN_HW);
      wi += WC;
    }
  } else {
    for (var c = 0u; c < IN_C; c++) {
      for (var kh = 0u; kh < KSIZE; kh++) {
        for (var kw = 0u; kw < KSIZE; kw++) {
          acc = tap(acc, x, w4, xi, wi);
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
  storePixels(gid.x, 0u, o, acc.a, acc.b);
  if (TALL) {
    storePixels(gid.x, 4u, o, acc.c, acc.d);
  }
}

// The invocation's pixels i0 … i0 + 3 (pixels(), from the store): each one's top-left tap in xp,
// clamped to the last pixel.
fn corners(gid: u32, i0: u32) -> vec4i {
  let px = min(pixels(gid, i0), vec4u(M - 1u));
  return vec4i(corner(px.x), corner(px.y), corner(px.z), corner(px.w));
}

// Where channels o … o + 3 start in w (clamped to the last channel: read, never stored).
fn filterRow(o: u32) -> vec4i {
  return vec4i(min(vec4u(o) + vec4u(0u, 1u, 2u, 3u), vec4u(OUT_C - 1u))) * WO + W0;
}

// The filter offsets of the invocation's 16 channels, four at a time.
struct Filters4 {
  a: vec4i,
  b: vec4i,
  c: vec4i,
  d: vec4i,
}

// The tap corners of an invocation's pixels: 0 … 3 (lo) and, TALL, 4 … 7 (hi).
struct Corners8 {
  lo: vec4i,
  hi: vec4i,
}

// One tap for the pixels at x and the channels at w4: the tap's offsets xo into xp and wo into
// w. Each value read serves every sum it enters.
fn tap(acc: Acc8x4, x: Corners8, w4: Filters4, xo: i32, wo: i32) -> Acc8x4 {
  var r = acc;
  let xv = vec4(xp[x.lo.x + xo], xp[x.lo.y + xo], xp[x.lo.z + xo], xp[x.lo.w + xo]);
  let wa = filterTap(w4.a, wo);
  let wb = filterTap(w4.b, wo);
  r.a = acc8Add(acc.a, xv, wa, wb);
  var xv2 = vec4(0.0);
  if (TALL) {
    xv2 = vec4(xp[x.hi.x + xo], xp[x.hi.y + xo], xp[x.hi.z + xo], xp[x.hi.w + xo]);
    r.c = acc8Add(acc.c, xv2, wa, wb);
  }
  if (WIDE) {
    let wc = filterTap(w4.c, wo);
    let wd = filterTap(w4.d, wo);
    r.b = acc8Add(acc.b, xv, wc, wd);
    if (TALL) {
      r.d = acc8Add(acc.d, xv2, wc, wd);
    }
  }
  return r;
}

fn filterTap(row: vec4i, wo: i32) -> vec4<f32> {
  return vec4(w[row.x + wo], w[row.y + wo], w[row.z + wo], w[row.w + wo]);
}

// bias[o … o + 3], or 0 without one; channels past the end read the last (never stored).
fn biasOf(o: u32) -> vec4<f32> {
  if (!BIAS) { return vec4(0.0); }
  let c = min(vec4u(o) + vec4u(0u, 1u, 2u, 3u), vec4u(OUT_C - 1u));
  return vec4(bias[c.x], bias[c.y], bias[c.z], bias[c.w]);
}
