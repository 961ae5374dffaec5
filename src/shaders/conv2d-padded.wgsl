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
// activate() is activation.wgsl, appended.

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
  // Named accumulators rather than an indexed array: SwiftShader keeps a dynamically indexed
  // private array in memory. accL/accH: pixel i's channels o … o + 3 and o + 4 … o + 7.
  var accL0 = vec4(0.0);
  var accL1 = vec4(0.0);
  var accL2 = vec4(0.0);
  var accL3 = vec4(0.0);
  var accH0 = vec4(0.0);
  var accH1 = vec4(0.0);
  var accH2 = vec4(0.0);
  var accH3 = vec4(0.0);
  // The tap's offsets into xp and w, stepped rather than decoded from a flat tap index.
  var xi = 0i;
  var wi = 0i;
  for (var c = 0u; c < IN_C; c++) {
    for (var kh = 0u; kh < KSIZE; kh++) {
      for (var kw = 0u; kw < KSIZE; kw++) {
        let xv = vec4(xp[x0.x + xi], xp[x0.y + xi], xp[x0.z + xi], xp[x0.w + xi]);
        let wl = vec4(w[lo.x + wi], w[lo.y + wi], w[lo.z + wi], w[lo.w + wi]);
        let wh = vec4(w[hi.x + wi], w[hi.y + wi], w[hi.z + wi], w[hi.w + wi]);
        accL0 += xv.x * wl;
        accL1 += xv.y * wl;
        accL2 += xv.z * wl;
        accL3 += xv.w * wl;
        accH0 += xv.x * wh;
        accH1 += xv.y * wh;
        accH2 += xv.z * wh;
        accH3 += xv.w * wh;
        xi += 1;
        wi += WKW;
      }
      xi += i32(IN_W - KSIZE);
      wi += WKH - i32(KSIZE) * WKW;
    }
    xi += i32(IN_HW - KSIZE * IN_W);
    wi += WC - i32(KSIZE) * WKH;
  }
  storePixel(gid.x, o, accL0);
  storePixel(gid.x + SX_PIX, o, accL1);
  storePixel(gid.x + 2u * SX_PIX, o, accL2);
  storePixel(gid.x + 3u * SX_PIX, o, accL3);
  storePixel(gid.x, o + 4u, accH0);
  storePixel(gid.x + SX_PIX, o + 4u, accH1);
  storePixel(gid.x + 2u * SX_PIX, o + 4u, accH2);
  storePixel(gid.x + 3u * SX_PIX, o + 4u, accH3);
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
