// Training-mode dropout with inverted scaling, over [BATCH, UNITS]:
//   forward:  y[e]  = keep(b, i) ? x[e]  · SCALE : 0
//   backward: dx[e] = keep(b, i) ? dy[e] · SCALE : 0
// keep(b, i) is mix32(mix32(key ^ b) ^ i) >= THRESHOLD with key = mix32(mix32(mix32(SALT) ^ seed) ^ t),
// so the backward pass draws the forward's mask again instead of storing it, and
// src/model/dropout-mask.ts computes the same bits on the CPU. The comparison is on integers and
// SCALE (1/(1 − rate) as f32) is a correctly rounded multiply, so CPU and GPU agree exactly.
// One invocation per element in a grid-stride loop.

override BATCH: u32;
override UNITS: u32;
override THRESHOLD: u32;
override SCALE: f32;
override SALT: u32;

// struct Step is appended from STEP_LAYOUT (src/gpu/step-params.ts), the layout the CPU writes.
// mix32 (lowbias32) is appended from lib/hash.wgsl; its CPU twin is in src/base/hash.ts.

const WG: u32 = 256u;

// Each entry point binds only its own variables, so the two sets share binding numbers.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;

@group(0) @binding(2) var<uniform> step: Step;

// The same for every element of the dispatch: hashed once per invocation, outside the loop.
fn stepKey() -> u32 {
  return mix32(mix32(mix32(SALT) ^ step.seed) ^ step.t);
}

fn scaled(key: u32, e: u32, v: f32) -> f32 {
  let b = e / UNITS;
  let i = e - b * UNITS;
  if (mix32(mix32(key ^ b) ^ i) >= THRESHOLD) {
    return v * SCALE;
  }
  return 0.0;
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let key = stepKey();
  for (var e = gid.x; e < BATCH * UNITS; e += nwg.x * WG) {
    y[e] = scaled(key, e, x[e]);
  }
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let key = stepKey();
  for (var e = gid.x; e < BATCH * UNITS; e += nwg.x * WG) {
    dx[e] = scaled(key, e, dy[e]);
  }
}
