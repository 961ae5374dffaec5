// Each channel's largest value of each row of a batch of layer outputs: what "the test digits
// that activate a channel most" rank by. A channel is the layout src/model/channels.ts gives: its
// values sit POSITION_STRIDE apart, channels CHANNEL_STRIDE apart, rows SIZE apart. One invocation
// per (row, channel): a channel has at most a map's positions (hundreds), so a loop is enough.

override ROWS: u32;
override SIZE: u32;
override CHANNELS: u32;
override POSITIONS: u32;
override CHANNEL_STRIDE: u32;
override POSITION_STRIDE: u32;

const WG: u32 = 64u;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> maxima: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= ROWS * CHANNELS) {
    return;
  }
  let row = i / CHANNELS;
  let c = i % CHANNELS;
  let base = row * SIZE + c * CHANNEL_STRIDE;
  var best = x[base];
  for (var p = 1u; p < POSITIONS; p++) {
    best = max(best, x[base + p * POSITION_STRIDE]);
  }
  maxima[i] = best;
}
