// Softmax cross-entropy over logits [batch, classes], as src/reference/softmax-xent.ts and
// src/shaders/softmax-xent.wgsl define it: each row around its maximum (log-sum-exp), the target
// smoothed by `smoothing`, predictions the first maximum. Split over rows; the batch's mean loss
// is summed afterwards in one order by whoever reads the per-row losses.
import { ld, st } from './memory';

function rowMax(logits: usize, base: i32, classes: i32): i32 {
  let am = 0;
  for (let c = 1; c < classes; c++) if (ld(logits, base + c) > ld(logits, base + am)) am = c;
  return am;
}

function rowSum(logits: usize, base: i32, classes: i32, max: f32): f32 {
  let s: f32 = 0;
  for (let c = 0; c < classes; c++) s += Mathf.exp(ld(logits, base + c) - max);
  return s;
}

/**
 * Training rows [begin, end): dlogits = (softmax − target) / batch, rowLoss[b] = the row's smoothed
 * cross-entropy, rowCorrect[b] = 1 when its first maximum is the label, else 0. labels are u32.
 */
export function softmax_xent(
  classes: i32,
  batch: i32,
  smoothing: f32,
  logits: usize,
  labels: usize,
  dlogits: usize,
  rowLoss: usize,
  rowCorrect: usize,
  begin: i32,
  end: i32,
): void {
  const spread = smoothing / <f32>classes;
  const invBatch: f32 = 1 / <f32>batch;
  for (let b = begin; b < end; b++) {
    const base = b * classes;
    const label = load<u32>(labels + ((<usize>b) << 2));
    const am = rowMax(logits, base, classes);
    const max = ld(logits, base + am);
    const sum = rowSum(logits, base, classes, max);
    const logSum = Mathf.log(sum);
    const invSum: f32 = 1 / sum;
    let loss: f32 = 0;
    for (let c = 0; c < classes; c++) {
      const z = ld(logits, base + c) - max;
      const target: f32 = (<u32>c == label ? 1 - smoothing : 0) + spread;
      if (target != 0) loss += target * (logSum - z);
      st(dlogits, base + c, (Mathf.exp(z) * invSum - target) * invBatch);
    }
    st(rowLoss, b, loss);
    st(rowCorrect, b, <u32>am == label ? 1 : 0);
  }
}

/** Reading rows [begin, end): each row's loss against its label and its prediction (u32). */
export function softmax_evaluate(classes: i32, logits: usize, labels: usize, rowLoss: usize, predictions: usize, begin: i32, end: i32): void {
  for (let b = begin; b < end; b++) {
    const base = b * classes;
    const label = load<u32>(labels + ((<usize>b) << 2));
    const am = rowMax(logits, base, classes);
    const max = ld(logits, base + am);
    st(rowLoss, b, Mathf.log(rowSum(logits, base, classes, max)) - (ld(logits, base + label) - max));
    store<u32>(predictions + ((<usize>b) << 2), am);
  }
}

/** probs = softmax(logits) for rows [begin, end). */
export function softmax_probabilities(classes: i32, logits: usize, probs: usize, begin: i32, end: i32): void {
  for (let b = begin; b < end; b++) {
    const base = b * classes;
    const max = ld(logits, base + rowMax(logits, base, classes));
    const invSum: f32 = 1 / rowSum(logits, base, classes, max);
    for (let c = 0; c < classes; c++) st(probs, base + c, Mathf.exp(ld(logits, base + c) - max) * invSum);
  }
}
