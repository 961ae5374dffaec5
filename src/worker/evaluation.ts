// Turns per-sample predictions into what the UI shows: accuracy, per-class accuracy, the
// confusion matrix and a grid of test digits that includes some mistakes.
import type { MnistSet } from '../data/mnist.ts';
import type { SplitResult } from '../model/engine.ts';
import { splitMetrics } from '../model/metrics.ts';
import type { Evaluation, TestSample } from './protocol.ts';

const GRID = 32;
const MISTAKES = 8;

export function summarise(result: SplitResult, test: MnistSet, step: number, epoch: number): Evaluation {
  const n = result.predictions.length;
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let i = 0; i < n; i++) confusion[test.labels[i]][result.predictions[i]]++;
  const { accuracy, loss } = splitMetrics(result, test.labels);
  const perClassAccuracy = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? 0 : row[c] / total;
  });
  const sample = (index: number): TestSample => ({
    index,
    label: test.labels[index],
    predicted: result.predictions[index],
    pixels: test.images.slice(index * 784, (index + 1) * 784),
  });
  const picked: number[] = [];
  for (let i = 0; i < n && picked.length < GRID - MISTAKES; i++) picked.push(i);
  for (let i = picked.length; i < n && picked.length < GRID; i++) if (test.labels[i] !== result.predictions[i]) picked.push(i);
  for (let i = picked.length; i < n && picked.length < GRID; i++) if (!picked.includes(i)) picked.push(i);
  return { step, epoch, loss, accuracy, perClassAccuracy, confusion, samples: picked.map(sample) };
}
