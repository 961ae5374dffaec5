import type { CrossEntropyShape, SoftmaxShape } from '../model/op-shapes.ts';

type Floats = Float32Array | Float64Array;

interface Row {
  max: number;
  argmax: number;
  /** Σ exp(z − max) */
  sum: number;
}

function row(logits: ArrayLike<number>, b: number, classes: number): Row {
  const base = b * classes;
  let argmax = 0;
  for (let c = 1; c < classes; c++) if (logits[base + c] > logits[base + argmax]) argmax = c;
  const max = logits[base + argmax];
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += Math.exp(logits[base + c] - max);
  return { max, argmax, sum };
}

function rowLoss(logits: ArrayLike<number>, b: number, classes: number, r: Row, label: number): number {
  return Math.log(r.sum) - (logits[b * classes + label] - r.max);
}

/**
 * Mean cross-entropy of softmax(logits) against the labels smoothed by `smoothing` (the target is
 * 1 − smoothing + smoothing / classes on the label and smoothing / classes elsewhere, as Keras and
 * TF.js define it; 0 is the plain one-hot), its gradient (softmax − target) / batch in logits'
 * precision, and the number of rows whose first maximum is the label. Float64 inside.
 */
export function softmaxCrossEntropy<T extends Floats>(
  logits: T,
  labels: Uint32Array,
  { batch, classes, smoothing = 0 }: CrossEntropyShape,
): { loss: number; correct: number; dlogits: T } {
  const dlogits = new (logits.constructor as new (n: number) => T)(batch * classes);
  const spread = smoothing / classes;
  let loss = 0;
  let correct = 0;
  for (let b = 0; b < batch; b++) {
    const r = row(logits, b, classes);
    if (r.argmax === labels[b]) correct++;
    for (let c = 0; c < classes; c++) {
      const target = (c === labels[b] ? 1 - smoothing : 0) + spread;
      loss += target * rowLoss(logits, b, classes, r, c);
      const p = Math.exp(logits[b * classes + c] - r.max) / r.sum;
      dlogits[b * classes + c] = (p - target) / batch;
    }
  }
  return { loss: loss / batch, correct, dlogits };
}

/**
 * Per-sample loss and prediction of row b written at cursor + b of `into`, for rows before
 * `into`'s end (the evaluation set's size); other entries are left as they are.
 */
export function softmaxEvaluate(
  logits: ArrayLike<number>,
  labels: Uint32Array,
  cursor: number,
  { batch, classes }: SoftmaxShape,
  into: { losses: Float32Array; predictions: Uint32Array },
): void {
  for (let b = 0; b < batch && cursor + b < into.losses.length; b++) {
    const r = row(logits, b, classes);
    into.losses[cursor + b] = rowLoss(logits, b, classes, r, labels[b]);
    into.predictions[cursor + b] = r.argmax;
  }
}

export function softmaxProbabilities(logits: ArrayLike<number>, { batch, classes }: SoftmaxShape): Float32Array {
  const probs = new Float32Array(batch * classes);
  for (let b = 0; b < batch; b++) {
    const r = row(logits, b, classes);
    for (let c = 0; c < classes; c++) probs[b * classes + c] = Math.exp(logits[b * classes + c] - r.max) / r.sum;
  }
  return probs;
}
