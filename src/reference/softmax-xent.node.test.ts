import { describe, expect, it } from 'vitest';
import { softmaxCrossEntropy } from './softmax-xent.ts';
import type { SoftmaxShape } from '../model/op-shapes.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { centralDifferences } from '../testing/finite-differences.ts';
import { rng } from '../data/random.ts';

// The mean loss is smooth: float64 central differences with h = 1e-5 are off by O(h²) ≈ 1e-10
// from truncation and about 1e-11 from rounding.
const H = 1e-5;
const TOL = { atol: 1e-8, rtol: 1e-6 };

function setup({ batch, classes }: SoftmaxShape, scale: number) {
  const r = rng(batch * 1000 + classes);
  const logits = Float64Array.from({ length: batch * classes }, () => scale * (2 * r() - 1));
  const labels = Uint32Array.from({ length: batch }, () => Math.floor(r() * classes));
  return { logits, labels };
}

/** ∂(mean loss)/∂logits by central differences. */
function numericGradient(logits: Float64Array, labels: Uint32Array, shape: SoftmaxShape): Float64Array {
  return centralDifferences(logits, () => softmaxCrossEntropy(logits, labels, shape).loss, H);
}

const shapes: (SoftmaxShape & { scale: number })[] = [
  { batch: 1, classes: 10, scale: 3 },
  { batch: 6, classes: 10, scale: 3 },
  { batch: 4, classes: 3, scale: 30 },
];

describe('softmaxCrossEntropy dlogits match finite differences of its mean loss', () => {
  it.each(shapes)('batch $batch, $classes classes, logits ±$scale', (shape) => {
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

  it('counts correct rows by first maximum and averages the loss', () => {
    // Row 0: tie between classes 1 and 2, label 1 → correct. Row 1: label 0, max at 2 → wrong.
    const logits = new Float64Array([0, 5, 5, 1, 0, 2]);
    const { loss, correct } = softmaxCrossEntropy(logits, new Uint32Array([1, 0]), { batch: 2, classes: 3 });
    expect(correct).toBe(1);
    const rowLoss = (z: number[], y: number) => Math.log(z.reduce((s, v) => s + Math.exp(v), 0)) - z[y];
    expect(loss).toBeCloseTo((rowLoss([0, 5, 5], 1) + rowLoss([1, 0, 2], 0)) / 2, 12);
  });
});
