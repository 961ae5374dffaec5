// out[j] = Σ_s partials[s·PARTIAL + OFFSET + j] for j < COUNT: sums the split-K slices that
// conv2d-grad-filter.wgsl wrote, once for the dw block and once for the db block.

override SPLITS: u32;
override PARTIAL: u32;
override OFFSET: u32;
override COUNT: u32;

@group(0) @binding(0) var<storage, read> partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let j = gid.x;
  if (j >= COUNT) { return; }
  var s = 0.0;
  for (var i = 0u; i < SPLITS; i++) { s += partials[i * PARTIAL + OFFSET + j]; }
  out[j] = s;
}
