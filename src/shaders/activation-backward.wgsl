// Activation gradient, in place: grad ← grad · f′, with f′ written in terms of the forward output
// y (relu: y > 0 ? 1 : 0, tanh: 1 − y², sigmoid: y(1 − y)). Reading the output rather than the
// input lets the forward pass fuse the activation into its epilogue and keep only one tensor.
// Grid-stride loop, so any count fits the workgroup-count limit. 'none' never dispatches.

override COUNT: u32;
// 1 relu, 2 tanh, 3 sigmoid: activationCode in src/model/activation.ts.
override ACTIVATION: u32;

const WG: u32 = 256u;

@group(0) @binding(0) var<storage, read> act: array<f32>;
@group(0) @binding(1) var<storage, read_write> grad: array<f32>;

fn backward(g: f32, y: f32) -> f32 {
  switch ACTIVATION {
    // A select, not g · 0: a masked infinite or NaN gradient still becomes 0.
    case 1u: { return select(0.0, g, y > 0.0); }
    // (1 − y)(1 + y) rather than 1 − y·y: exact subtraction near |y| = 1, where y·y would round.
    case 2u: { return g * ((1.0 - y) * (1.0 + y)); }
    case 3u: { return g * (y * (1.0 - y)); }
    default: { return g; }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < COUNT; i += nwg.x * WG) {
    grad[i] = backward(grad[i], act[i]);
  }
}
