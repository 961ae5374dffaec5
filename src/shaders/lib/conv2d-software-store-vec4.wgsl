// The vec4 store of conv2d-software.wgsl, appended to it where an image's pixels come in whole
// vec4s (OUT_H·OUT_W a multiple of 4, conv2d-plan.ts checks): the invocation's pixels are
// contiguous (4 or, TALL, 8 from 4·gid or 8·gid), so each channel of four of them is one vec4 in
// out.

@group(0) @binding(3) var<storage, read_write> out: array<vec4<f32>>;

override PIXELS: u32 = select(4u, 8u, TALL);
override OHW4: u32 = OHW / 4u;

// The invocation's pixels i0 … i0 + 3: PIXELS·gid + i.
fn pixels(gid: u32, i0: u32) -> vec4u {
  return vec4u(PIXELS * gid + i0) + vec4u(0u, 1u, 2u, 3u);
}

// Pixels i0 … i0 + 3 (one vec4: all past the end, or none), channels o … o + 7 (lo) and, WIDE,
// o + 8 … o + 15 (hi).
fn storePixels(gid: u32, i0: u32, o: u32, lo: Acc8, hi: Acc8) {
  let m = PIXELS * gid + i0;
  if (m >= M) { return; }
  let base = (m / OHW) * OUT_C * OHW4 + (m % OHW) / 4u;
  storeBlock(base, o, lo);
  if (WIDE) {
    storeBlock(base, o + 8u, hi);
  }
}

// Row i of the block is pixel i's channels (o … o + 3: l_i, o + 4 … o + 7: h_i); a channel of
// the four pixels is a column of it.
fn storeBlock(base: u32, o: u32, acc: Acc8) {
  let bl = biasOf(o);
  let bh = biasOf(o + 4u);
  storeChannel(base, o, vec4(acc.l0.x, acc.l1.x, acc.l2.x, acc.l3.x) + bl.x);
  storeChannel(base, o + 1u, vec4(acc.l0.y, acc.l1.y, acc.l2.y, acc.l3.y) + bl.y);
  storeChannel(base, o + 2u, vec4(acc.l0.z, acc.l1.z, acc.l2.z, acc.l3.z) + bl.z);
  storeChannel(base, o + 3u, vec4(acc.l0.w, acc.l1.w, acc.l2.w, acc.l3.w) + bl.w);
  storeChannel(base, o + 4u, vec4(acc.h0.x, acc.h1.x, acc.h2.x, acc.h3.x) + bh.x);
  storeChannel(base, o + 5u, vec4(acc.h0.y, acc.h1.y, acc.h2.y, acc.h3.y) + bh.y);
  storeChannel(base, o + 6u, vec4(acc.h0.z, acc.h1.z, acc.h2.z, acc.h3.z) + bh.z);
  storeChannel(base, o + 7u, vec4(acc.h0.w, acc.h1.w, acc.h2.w, acc.h3.w) + bh.w);
}

// Channel o of the vec4 of pixels at base, activated; channels past OUT_C are skipped.
fn storeChannel(base: u32, o: u32, v: vec4<f32>) {
  if (o >= OUT_C) { return; }
  out[base + o * OHW4] = vec4(activate(v.x), activate(v.y), activate(v.z), activate(v.w));
}
