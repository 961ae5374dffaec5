// out[j] = activate(Σ_s partials[s·PARTIAL + OFFSET + j] + bias[j % BIAS_LEN]) for j < COUNT:
// sums the split-K slices that a GEMM wrote into scratch (conv2d-grad-filter.wgsl: once for the
// dw block, once for the db block; matmul.wgsl: the C slices, with the bias + activation epilogue
// the split postponed). Splits are summed in order, so the result does not depend on timing.
// activate() is activation.wgsl, appended.

override SPLITS: u32;
override PARTIAL: u32;
override OFFSET: u32 = 0u;
override COUNT: u32;
override BIAS: bool = false;
override BIAS_LEN: u32 = 1u;
override ACTIVATION: u32 = 0u;

@group(0) @binding(0) var<storage, read> partials: array<f32>;
@group(0) @binding(1) var<storage, read> bias: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let j = gid.x;
  if (j >= COUNT) { return; }
  var s = 0.0;
  for (var i = 0u; i < SPLITS; i++) { s += partials[i * PARTIAL + OFFSET + j]; }
  if (BIAS) { s += bias[j % BIAS_LEN]; }
  s = activate(s);
  out[j] = s;
}
