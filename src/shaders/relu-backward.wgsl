// ReLU gradient, in place: the gradient passes where the ReLU's output was positive.
// Reading the output rather than the input lets the forward pass fuse ReLU into its epilogue
// and keep only one tensor. Grid-stride loop, so any count fits the workgroup-count limit.

override COUNT: u32;

const WG: u32 = 256u;

@group(0) @binding(0) var<storage, read> act: array<f32>;
@group(0) @binding(1) var<storage, read_write> grad: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < COUNT; i += nwg.x * WG) {
    if (!(act[i] > 0.0)) {
      grad[i] = 0.0;
    }
  }
}
