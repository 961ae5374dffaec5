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

// The same over vec4s, for COUNT a multiple of 4 (activation-backward.ts picks it): a software
// adapter pays per load and per loop trip, and this halves the kernel's time there.
@group(0) @binding(0) var<storage, read> act4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> grad4: array<vec4<f32>>;

fn backward4(g: vec4<f32>, y: vec4<f32>) -> vec4<f32> {
  switch ACTIVATION {
    case 1u: { return select(vec4(0.0), g, y > vec4(0.0)); }
    case 2u: { return g * ((1.0 - y) * (1.0 + y)); }
    case 3u: { return g * (y * (1.0 - y)); }
    default: { return g; }
  }
}

@compute @workgroup_size(WG)
fn main4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < COUNT / 4u; i += nwg.x * WG) {
    grad4[i] = backward4(grad4[i], act4[i]);
  }
}
