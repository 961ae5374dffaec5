import { describe, expect, it } from 'vitest';
import { softmaxCrossEntropy } from './softmax-xent.ts';
import type { CrossEntropyShape } from '../model/op-shapes.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { centralDifferences } from '../testing/finite-differences.ts';
import { rng } from '../base/random.ts';

// The mean loss is smooth: float64 central differences with h = 1e-5 are off by O(h²) ≈ 1e-10
// from truncation and about 1e-11 from rounding.
const H = 1e-5;
const TOL = { atol: 1e-8, rtol: 1e-6 };

function setup({ batch, classes }: CrossEntropyShape, scale: number) {
  const r = rng(batch * 1000 + classes);
  const logits = Float64Array.from({ length: batch * classes }, () => scale * (2 * r() - 1));
  const labels = Uint32Array.from({ length: batch }, () => Math.floor(r() * classes));
  return { logits, labels };
}

/** ∂(mean loss)/∂logits by central differences. */
function numericGradient(logits: Float64Array, labels: Uint32Array, shape: CrossEntropyShape): Float64Array {
  return centralDifferences(logits, () => softmaxCrossEntropy(logits, labels, shape).loss, H);
}

const shapes: (CrossEntropyShape & { scale: number })[] = [
  { batch: 1, classes: 10, scale: 3 },
  { batch: 6, classes: 10, scale: 3 },
  { batch: 4, classes: 3, scale: 30 },
  { batch: 6, classes: 10, scale: 3, smoothing: 0.1 },
  { batch: 4, classes: 3, scale: 30, smoothing: 0.4 },
];

describe('softmaxCrossEntropy dlogits match finite differences of its mean loss', () => {
  it.each(shapes)('batch $batch, $classes classes, logits ±$scale, label smoothing $smoothing', (shape) => {
    const { logits, labels } = setup(shape, shape.scale);
    const { dlogits } = softmaxCrossEntropy(logits, labels, shape);
    assertClose(dlogits, numericGradient(logits, labels, shape), TOL);
  });

  it('the check catches a gradient not divided by the batch', () => {
    const shape = shapes[1];
    const { logits, labels } = setup(shape, shape.scale);
    const unscaled = softmaxCrossEntropy(logits, labels, shape).dlogits.map((v) => v * shape.batch);
    expect(findMismatch(unscaled, numericGradient(logits, labels, shape), TOL)).not.toBeNull();
  });

  it("label smoothing is Keras's: the loss against targets 1 − ε + ε/K and ε/K, and 0 leaves the one-hot loss", () => {
    const logits = new Float64Array([0, 5, 5, 1, 0, 2]);
    const labels = new Uint32Array([1, 0]);
    const eps = 0.3;
    const logSoftmax = (z: number[]) => {
      const lse = Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
      return z.map((v) => v - lse);
    };
    const rows = [logSoftmax([0, 5, 5]), logSoftmax([1, 0, 2])];
    const expected = rows.map((lp, b) => -lp.reduce((s, v, c) => s + ((c === labels[b] ? 1 - eps : 0) + eps / 3) * v, 0));
    const { loss, correct } = softmaxCrossEntropy(logits, labels, { batch: 2, classes: 3, smoothing: eps });
    expect(loss).toBeCloseTo((expected[0] + expected[1]) / 2, 12);
    expect(correct).toBe(1);
    expect(softmaxCrossEntropy(logits, labels, { batch: 2, classes: 3, smoothing: 0 })).toEqual(softmaxCrossEntropy(logits, labels, { batch: 2, classes: 3 }));
  });

  it('counts correct rows by first maximum and averages the loss', () => {
    // Row 0: tie between classes 1 and 2, label 1 → correct. Row 1: label 0, max at 2 → wrong.
    const logits = new Float64Array([0, 5, 5, 1, 0, 2]);
    const { loss, correct } = softmaxCrossEntropy(logits, new Uint32Array([1, 0]), { batch: 2, classes: 3 });
    expect(correct).toBe(1);
    const rowLoss = (z: number[], y: number) => Math.log(z.reduce((s, v) => s + Math.exp(v), 0)) - z[y];
    expect(loss).toBeCloseTo((rowLoss([0, 5, 5], 1) + rowLoss([1, 0, 2], 0)) / 2, 12);
  });
});
