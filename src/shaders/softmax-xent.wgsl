// Softmax over the last axis of logits [BATCH, CLASSES], with three uses:
// - crossEntropy: the training loss's gradient dlogits = (softmax − target) / BATCH, and the
//   batch's mean loss and correct count written to the step's metrics slot. The target is the
//   one-hot label smoothed by SMOOTHING: 1 − SMOOTHING + SMOOTHING / CLASSES on the label,
//   SMOOTHING / CLASSES elsewhere. One workgroup: invocations take rows in turn, then reduce
//   their partial loss and count in workgroup memory.
// - evaluate: per-sample loss and prediction written at the step's cursor in buffers that span
//   the whole evaluation set, skipping rows past COUNT (the last batch may be partial).
// - probabilities: softmax alone, for predicting a drawn digit.
// Every row is computed around its maximum (log-sum-exp), so large logits cannot overflow.
// Predictions are the first maximum, as the reference's argmax.

override BATCH: u32;
override CLASSES: u32;
// Samples in the evaluation set; only evaluate reads it.
override COUNT: u32 = 0u;
// Label smoothing; only crossEntropy reads it.
override SMOOTHING: f32 = 0.0;

// struct Step is appended from STEP_LAYOUT (src/gpu/step-params.ts), the layout the CPU writes.

const WG: u32 = 256u;

// Each entry point binds only its own variables, so they share binding numbers.
@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read_write> dlogits: array<f32>;
@group(0) @binding(3) var<storage, read_write> metrics: array<f32>;
@group(0) @binding(4) var<uniform> step: Step;

@group(0) @binding(2) var<storage, read_write> losses: array<f32>;
@group(0) @binding(3) var<storage, read_write> predictions: array<u32>;

@group(0) @binding(1) var<storage, read_write> probs: array<f32>;

struct RowStats {
  max: f32,
  argmax: u32,
  // Σ exp(z − max), at least 1.
  sum: f32,
}

fn rowStats(row: u32) -> RowStats {
  let base = row * CLASSES;
  var m = logits[base];
  var am = 0u;
  for (var c = 1u; c < CLASSES; c++) {
    let z = logits[base + c];
    if (z > m) {
      m = z;
      am = c;
    }
  }
  var s = 0.0;
  for (var c = 0u; c < CLASSES; c++) {
    s += exp(logits[base + c] - m);
  }
  return RowStats(m, am, s);
}

// −log softmax(z)[label] = log Σ exp(z − max) − (z[label] − max)
fn rowLoss(row: u32, st: RowStats, label: u32) -> f32 {
  return log(st.sum) - (logits[row * CLASSES + label] - st.max);
}

var<workgroup> lossPart: array<f32, WG>;
var<workgroup> correctPart: array<u32, WG>;

@compute @workgroup_size(WG)
fn crossEntropy(@builtin(local_invocation_index) lid: u32) {
  let invBatch = 1.0 / f32(BATCH);
  let spread = SMOOTHING / f32(CLASSES);
  var loss = 0.0;
  var correct = 0u;
  for (var b = lid; b < BATCH; b += WG) {
    let st = rowStats(b);
    let label = labels[b];
    correct += select(0u, 1u, st.argmax == label);
    let base = b * CLASSES;
    let invSum = 1.0 / st.sum;
    let logSum = log(st.sum);
    for (var c = 0u; c < CLASSES; c++) {
      let z = logits[base + c] - st.max;
      let aim = select(0.0, 1.0 - SMOOTHING, c == label) + spread;
      // −aim · log softmax(z)[c], aim being the target; a zero target adds nothing.
      loss += aim * (logSum - z);
      dlogits[base + c] = (exp(z) * invSum - aim) * invBatch;
    }
  }
  lossPart[lid] = loss;
  correctPart[lid] = correct;
  workgroupBarrier();
  for (var span = WG / 2u; span > 0u; span /= 2u) {
    if (lid < span) {
      lossPart[lid] += lossPart[lid + span];
      correctPart[lid] += correctPart[lid + span];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    metrics[2u * step.slot] = lossPart[0] * invBatch;
    metrics[2u * step.slot + 1u] = f32(correctPart[0]);
  }
}

const ROW_WG: u32 = 64u;

@compute @workgroup_size(ROW_WG)
fn evaluate(@builtin(global_invocation_id) gid: vec3u) {
  let b = gid.x;
  let at = step.cursor + b;
  if (b >= BATCH || at >= COUNT) {
    return;
  }
  let st = rowStats(b);
  losses[at] = rowLoss(b, st, labels[b]);
  predictions[at] = st.argmax;
}

@compute @workgroup_size(ROW_WG)
fn probabilities(@builtin(global_invocation_id) gid: vec3u) {
  let b = gid.x;
  if (b >= BATCH) {
    return;
  }
  let st = rowStats(b);
  let base = b * CLASSES;
  let invSum = 1.0 / st.sum;
  for (var c = 0u; c < CLASSES; c++) {
    probs[base + c] = exp(logits[base + c] - st.max) * invSum;
  }
}
