// Pure selections over test-set outputs that the explain views show: the digits of one cell of
// the confusion matrix, most confident first, and the digits that drive one channel hardest.

/** Each row's softmax, rows of `classes` logits one after another. */
export function softmaxRows(logits: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let at = 0; at < logits.length; at += classes) {
    let top = -Infinity;
    for (let c = 0; c < classes; c++) top = Math.max(top, logits[at + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[at + c] = Math.exp(logits[at + c] - top);
    for (let c = 0; c < classes; c++) out[at + c] /= sum;
  }
  return out;
}

/** The first largest of one row: the class the evaluation counts as predicted. */
export function argmaxRow(values: Float32Array, at: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (values[at + c] > values[at + best]) best = c;
  return best;
}

export interface Ranked {
  index: number;
  value: number;
}

/**
 * The test digits of label `truth` read as `predicted`, by the probability of `predicted`, highest
 * first (ties by index), the first `limit` of them; `total` counts the whole cell.
 */
export function cellDigits(
  probabilities: Float32Array,
  classes: number,
  labels: ArrayLike<number>,
  truth: number,
  predicted: number,
  limit: number,
): { total: number; digits: Ranked[] } {
  const cell: Ranked[] = [];
  const count = probabilities.length / classes;
  for (let i = 0; i < count; i++) {
    if (labels[i] === truth && argmaxRow(probabilities, i * classes, classes) === predicted)
      cell.push({ index: i, value: probabilities[i * classes + predicted] });
  }
  cell.sort((a, b) => b.value - a.value || a.index - b.index);
  return { total: cell.length, digits: cell.slice(0, limit) };
}

/** The `k` rows whose value at `channel` (rows of `channels` values) is largest, largest first (ties by index). */
export function topRows(values: Float32Array, channels: number, channel: number, k: number): Ranked[] {
  if (!Number.isInteger(channel) || channel < 0 || channel >= channels) throw new Error(`channel ${channel} is not one of the layer's ${channels} (0-based)`);
  const best: Ranked[] = [];
  const rows = values.length / channels;
  for (let i = 0; i < rows; i++) {
    const value = values[i * channels + channel];
    if (best.length === k && value <= best[k - 1].value) continue;
    let at = best.length;
    while (at > 0 && best[at - 1].value < value) at--;
    best.splice(at, 0, { index: i, value });
    if (best.length > k) best.pop();
  }
  return best;
}
