// SGD with momentum (heavy ball), in place over a flat parameter array:
//   velocity ← momentum · velocity + g,  p ← p − lr · velocity
// lr and momentum come from the per-step uniform. Grid-stride loop: any count fits the
// workgroup-count limit.

override COUNT: u32;

// struct Step is appended from STEP_LAYOUT (src/gpu/step-params.ts), the layout the CPU writes.

const WG: u32 = 256u;

// Whole vec4s past COUNT (sgd.ts checks), as in adam.wgsl: a quarter of the loads and stores,
// and the zero tail stays zero.
@group(0) @binding(0) var<storage, read_write> params: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> grads: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> velocity: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> step: Step;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var i = gid.x; i < (COUNT + 3u) / 4u; i += nwg.x * WG) {
    let vel = step.momentum * velocity[i] + grads[i];
    velocity[i] = vel;
    params[i] -= step.lr * vel;
  }
}
