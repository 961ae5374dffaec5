import { describe, expect, it } from 'vitest';
import { biasGrad } from './bias-grad.ts';
import type { BiasGradShape } from '../model/op-shapes.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { centralDifferences, linearLoss } from '../testing/finite-differences.ts';
import { rng } from '../base/random.ts';

// The loss is linear in the bias, so float64 central differences are exact up to rounding.
const H = 1e-4;
const TOL = { atol: 1e-9, rtol: 1e-9 };

function random64(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
}

/** The forward op whose gradient biasGrad is: y[o, c, i] = x[o, c, i] + b[c]. */
function addBias(x: Float64Array, b: Float64Array, { outer, channels, inner }: BiasGradShape): Float64Array {
  const y = new Float64Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      for (let i = 0; i < inner; i++) y[(o * channels + c) * inner + i] = x[(o * channels + c) * inner + i] + b[c];
    }
  }
  return y;
}

/** ∂/∂b of sum(addBias(x, b) · R), by central differences. */
function numericGradient(x: Float64Array, b: Float64Array, R: Float64Array, shape: BiasGradShape): Float64Array {
  return centralDifferences(b, () => linearLoss(addBias(x, b, shape), R), H);
}

const shapes: (BiasGradShape & { name: string })[] = [
  { name: 'dense, batch 1', outer: 1, channels: 10, inner: 1 },
  { name: 'dense, batch 7', outer: 7, channels: 5, inner: 1 },
  { name: 'conv, batch 3, 4 channels, 5×6', outer: 3, channels: 4, inner: 30 },
];

function setup(shape: BiasGradShape) {
  const n = shape.outer * shape.channels * shape.inner;
  return { x: random64(n, 1), b: random64(shape.channels, 2), R: random64(n, 3) };
}

describe('biasGrad matches finite differences of the bias add', () => {
  it.each(shapes)('$name', (shape) => {
    const { x, b, R } = setup(shape);
    assertClose(biasGrad(R, shape), numericGradient(x, b, R, shape), TOL, shape.name);
  });

  it('the check catches a sum over the wrong axis', () => {
    const shape = shapes[2];
    const { x, b, R } = setup(shape);
    const wrong = biasGrad(R, { outer: shape.outer * shape.inner, channels: shape.channels, inner: 1 });
    expect(findMismatch(wrong, numericGradient(x, b, R, shape), TOL)).not.toBeNull();
  });
});
