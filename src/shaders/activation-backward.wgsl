// Activation gradient, in place: grad ← grad · f′, with f′ written in terms of the forward output
// y (activationGrad, appended from activation.wgsl; the vec4 twin is below). Grid-stride loop,
// so any count fits the workgroup-count limit. 'none' never dispatches.

override COUNT: u32;
// 1 relu, 2 tanh, 3 sigmoid: activationCode in src/model/activation.ts.
override ACTIVATION: u32;

const WG: u32 = 256u;

@group(0) @binding(0) var<storage, read> act: array<f32>;
@group(0) @binding(1) var<storage, read_write> grad: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < COUNT; i += nwg.x * WG) {
    grad[i] = activationGrad(grad[i], act[i]);
  }
}

// The same over vec4s, for COUNT a multiple of 4 (activation-backward.ts picks it): a software
// adapter pays per load and per loop trip, and this halves the kernel's time there.
@group(0) @binding(0) var<storage, read> act4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> grad4: array<vec4<f32>>;

// Per component: SwiftShader runs invocations side by side in its SIMD lanes, so a vec4's
// components cost four operations either way.
fn backward4(g: vec4<f32>, y: vec4<f32>) -> vec4<f32> {
  return vec4(activationGrad(g.x, y.x), activationGrad(g.y, y.y), activationGrad(g.z, y.z), activationGrad(g.w, y.w));
}

@compute @workgroup_size(WG)
fn main4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < COUNT / 4u; i += nwg.x * WG) {
    grad4[i] = backward4(grad4[i], act4[i]);
  }
}
