// Adam, as Keras/TF apply it, in place over a flat parameter array:
//   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²
//   p ← p − lr_t · m / (√v + ε),  lr_t = lr · √(1 − β2^t) / (1 − β1^t)
// Every hyperparameter and t come from the per-step uniform, so a learning-rate schedule needs
// no new pipeline. Grid-stride loop: any count fits the workgroup-count limit.

override COUNT: u32;

// struct Step is appended from STEP_LAYOUT (src/gpu/step-params.ts), the layout the CPU writes.

const WG: u32 = 256u;

// Whole vec4s past COUNT (adam.ts checks): a software adapter pays per load and store, and vec4s
// make a quarter of them. The floats past COUNT are zero in all four buffers (no kernel writes
// them), and a zero gradient leaves them zero.
@group(0) @binding(0) var<storage, read_write> params: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> grads: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> m: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> v: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> step: Step;

// β^t by repeated squaring: a few correctly rounded products, where pow's exp2(t·log2 β) loses
// precision for β near 1 and 1 − β^t then cancels it into the result.
fn powu(base: f32, e: u32) -> f32 {
  var result = 1.0;
  var b = base;
  var k = e;
  while (k > 0u) {
    if ((k & 1u) == 1u) {
      result *= b;
    }
    b *= b;
    k >>= 1u;
  }
  return result;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let lrT = step.lr * sqrt(1.0 - powu(step.beta2, step.t)) / (1.0 - powu(step.beta1, step.t));
  let vec4s = (COUNT + 3u) / 4u;
  let stride = nwg.x * WG;
  // Two vec4s a trip, a stride apart: on SwiftShader that ran faster in the few workgroups
  // adam-plan.ts gives it than one a trip (docs/ENGINE-KERNELS-NOTES.md).
  var i = gid.x;
  for (; i + stride < vec4s; i += 2u * stride) {
    update(i, lrT);
    update(i + stride, lrT);
  }
  if (i < vec4s) {
    update(i, lrT);
  }
}

fn update(i: u32, lrT: f32) {
  let b1 = step.beta1;
  let b2 = step.beta2;
  let g = grads[i];
  let mi = b1 * m[i] + (1.0 - b1) * g;
  let vi = b2 * v[i] + (1.0 - b2) * g * g;
  m[i] = mi;
  v[i] = vi;
  params[i] -= lrT * mi / (sqrt(vi) + step.eps);
}
