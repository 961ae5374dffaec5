import { describe, expect, it } from 'vitest';
import { maxPool, maxPoolBackward } from './maxpool.ts';
import { poolGeometry, type PoolShape } from '../model/geometry.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { centralDifferences, linearLoss } from '../testing/finite-differences.ts';
import { rng } from '../base/random.ts';

// Max pooling is piecewise linear: central differences in float64 are exact up to rounding,
// as long as no step of h swaps a window's maximum (continuous random inputs, h = 1e-6).
const H = 1e-6;
const TOL = { atol: 1e-7, rtol: 1e-6 };

function random64(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
}

/** ∂/∂x of sum(maxPool(x) · R), by central differences. */
function numericGradient(x: Float64Array, R: Float64Array, shape: PoolShape): Float64Array {
  return centralDifferences(x, () => linearLoss(maxPool(x, shape).out, R), H);
}

const shapes: (PoolShape & { name: string })[] = [
  { name: '2×2/2 on 2×3×6×6', batch: 2, channels: 3, inH: 6, inW: 6, size: 2, stride: 2 },
  { name: '2×2/2 on 1×2×5×7 (ragged edge)', batch: 1, channels: 2, inH: 5, inW: 7, size: 2, stride: 2 },
  { name: 'overlapping 3×3/1 on 2×2×6×5', batch: 2, channels: 2, inH: 6, inW: 5, size: 3, stride: 1 },
  { name: 'overlapping 3×3/2 on 1×1×9×9', batch: 1, channels: 1, inH: 9, inW: 9, size: 3, stride: 2 },
];

describe('maxPoolBackward matches finite differences of maxPool', () => {
  it.each(shapes)('$name', (shape) => {
    const { outH, outW } = poolGeometry(shape);
    const x = random64(shape.batch * shape.channels * shape.inH * shape.inW, 1);
    const R = random64(shape.batch * shape.channels * outH * outW, 2);
    const analytic = maxPoolBackward(R, maxPool(x, shape).argmax, shape);
    assertClose(analytic, numericGradient(x, R, shape), TOL, shape.name);
  });

  it('the check catches a gradient routed to the wrong input', () => {
    const shape = shapes[2];
    const { outH, outW } = poolGeometry(shape);
    const x = random64(shape.batch * shape.channels * shape.inH * shape.inW, 1);
    const R = random64(shape.batch * shape.channels * outH * outW, 2);
    // Every window's top-left corner instead of its maximum.
    const corners = maxPool(x, shape).argmax.map((_, o) => {
      const plane = Math.floor(o / (outH * outW));
      return (plane * shape.inH + (Math.floor(o / outW) % outH) * shape.stride) * shape.inW + (o % outW) * shape.stride;
    });
    expect(findMismatch(maxPoolBackward(R, corners, shape), numericGradient(x, R, shape), TOL)).not.toBeNull();
  });
});
