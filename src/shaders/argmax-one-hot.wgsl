// The gradient seed of a saliency map: for each row of logits, 1 at its largest value and 0
// elsewhere, which is d(logit of the predicted class)/d(logits). Ties go to the first index, as the
// prediction's argmax does. One invocation per row: rows are a handful of classes.

override BATCH: u32;
override CLASSES: u32;

const WG: u32 = 64u;

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read_write> seed: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let row = gid.x;
  if (row >= BATCH) {
    return;
  }
  let base = row * CLASSES;
  var best = 0u;
  for (var c = 1u; c < CLASSES; c++) {
    if (logits[base + c] > logits[base + best]) {
      best = c;
    }
  }
  for (var c = 0u; c < CLASSES; c++) {
    seed[base + c] = select(0.0, 1.0, c == best);
  }
}
