// The f32 store of conv2d-software.wgsl, appended to it: out as f32s, and the invocation's pixels
// strided SX_PIX apart, so that neighbouring invocations touch neighbouring pixels.

@group(0) @binding(3) var<storage, read_write> out: array<f32>;

// The invocation's pixels i0 … i0 + 3: gid + i·SX_PIX.
fn pixels(gid: u32, i0: u32) -> vec4u {
  return vec4u(gid) + (vec4u(i0) + vec4u(0u, 1u, 2u, 3u)) * SX_PIX;
}

// Pixels i0 … i0 + 3, channels o … o + 7 (lo) and, WIDE, o + 8 … o + 15 (hi); each pixel's
// offset in out decoded once.
fn storePixels(gid: u32, i0: u32, o: u32, lo: Acc8, hi: Acc8) {
  let px = pixels(gid, i0);
  let bases = vec4u(outBase(px.x), outBase(px.y), outBase(px.z), outBase(px.w));
  storeBlock(bases, o, lo);
  if (WIDE) {
    storeBlock(bases, o + 8u, hi);
  }
}

// Marks a pixel past the end: no store.
const NO_PIXEL: u32 = 0xffffffffu;

// Where pixel m's channel 0 lies in out; NO_PIXEL when m is past the end.
fn outBase(m: u32) -> u32 {
  return select(NO_PIXEL, (m / OHW) * OUT_C * OHW + m % OHW, m < M);
}

// Row i of the block: pixel i's channels o … o + 3 (l_i) and o + 4 … o + 7 (h_i). The bias is
// read once per channel, not once per pixel and channel.
fn storeBlock(bases: vec4u, o: u32, acc: Acc8) {
  let bl = biasOf(o);
  let bh = biasOf(o + 4u);
  storeVec4(bases.x, o, acc.l0 + bl);
  storeVec4(bases.y, o, acc.l1 + bl);
  storeVec4(bases.z, o, acc.l2 + bl);
  storeVec4(bases.w, o, acc.l3 + bl);
  storeVec4(bases.x, o + 4u, acc.h0 + bh);
  storeVec4(bases.y, o + 4u, acc.h1 + bh);
  storeVec4(bases.z, o + 4u, acc.h2 + bh);
  storeVec4(bases.w, o + 4u, acc.h3 + bh);
}

// Channels o … o + 3 of the pixel at base, activated; channels past OUT_C are skipped.
fn storeVec4(base: u32, o: u32, v: vec4<f32>) {
  if (base == NO_PIXEL || o >= OUT_C) { return; }
  let at = base + o * OHW;
  out[at] = activate(v.x);
  if (o + 1u < OUT_C) { out[at + OHW] = activate(v.y); }
  if (o + 2u < OUT_C) { out[at + 2u * OHW] = activate(v.z); }
  if (o + 3u < OUT_C) { out[at + 3u * OHW] = activate(v.w); }
}
