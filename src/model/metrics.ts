// Accuracy and mean loss of a model on a labelled split, from its per-sample results: the one
// count that the app's evaluation, the CLI's summary and the tests all report.

export interface SplitMetrics {
  correct: number;
  count: number;
  /** correct / count, 0..1. */
  accuracy: number;
  /** Mean cross-entropy. */
  loss: number;
}

/** Over the first predictions.length samples of the split whose labels are given. */
export function splitMetrics(result: { losses: ArrayLike<number>; predictions: ArrayLike<number> }, labels: ArrayLike<number>): SplitMetrics {
  const count = result.predictions.length;
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < count; i++) {
    if (result.predictions[i] === labels[i]) correct++;
    loss += result.losses[i];
  }
  return { correct, count, accuracy: count ? correct / count : 0, loss: count ? loss / count : 0 };
}
