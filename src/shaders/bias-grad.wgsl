// Bias gradient: db[c] = Σ dy[o, c, i] over o < OUTER, i < INNER, with dy viewed as
// [OUTER, CHANNELS, INNER] (dense: [batch, units, 1]; conv: [batch, channels, H·W]).
// main: one workgroup per channel: each invocation sums a strided share (consecutive
// invocations read consecutive i, so conv reads coalesce), then a tree reduction in workgroup
// memory. serial: for short sums and for rows of channels at any length (inner 1: a dense layer's
// batch, an lstm's batch·steps rows of gates), one invocation per channel walks them all, with no
// workgroup memory and no barrier; neighbouring invocations read neighbouring channels, so those
// reads coalesce.

override OUTER: u32;
override CHANNELS: u32;
override INNER: u32;

const WG: u32 = 256u;

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> db: array<f32>;

var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let c = wid.x;
  let n = OUTER * INNER;
  var sum = 0.0;
  for (var k = lid; k < n; k += WG) {
    let o = k / INNER;
    let i = k - o * INNER;
    sum += dy[(o * CHANNELS + c) * INNER + i];
  }
  partial[lid] = sum;
  workgroupBarrier();
  for (var span = WG / 2u; span > 0u; span /= 2u) {
    if (lid < span) {
      partial[lid] += partial[lid + span];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    db[c] = partial[0];
  }
}

const SERIAL_WG: u32 = 64u;

@compute @workgroup_size(SERIAL_WG)
fn serial(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  var sum = 0.0;
  for (var o = 0u; o < OUTER; o++) {
    let row = (o * CHANNELS + c) * INNER;
    for (var i = 0u; i < INNER; i++) {
      sum += dy[row + i];
    }
  }
  db[c] = sum;
}
