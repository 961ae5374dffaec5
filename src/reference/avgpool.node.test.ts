import { describe, expect, it } from 'vitest';
import { avgPool, avgPoolBackward } from './avgpool.ts';
import { avgPoolGeometry, globalAvgPoolShape, type AvgPoolShape } from '../model/geometry.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { centralDifferences, linearLoss } from '../testing/finite-differences.ts';
import { rng } from '../base/random.ts';
import { avgPoolWindows as pool } from '../testing/kernel-cases/pool.ts';

// Average pooling is linear: central differences in float64 are exact up to rounding.
const H = 1e-3;
const TOL = { atol: 1e-9, rtol: 1e-9 };

function random64(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
}

/** ∂/∂x of sum(avgPool(x) · R), by central differences. */
function numericGradient(x: Float64Array, R: Float64Array, shape: AvgPoolShape): Float64Array {
  return centralDifferences(x, () => linearLoss(avgPool(x, shape), R), H);
}

const shapes: (AvgPoolShape & { name: string })[] = [
  { name: '2×2/2 on 2×3×6×6', ...pool(2, 3, 6, 6, 2, 2, 2, 2) },
  { name: '2×2/2 on 1×2×5×7 (ragged edge)', ...pool(1, 2, 5, 7, 2, 2, 2, 2) },
  { name: 'overlapping 3×3/2 on 1×2×9×8 (ragged last column)', ...pool(1, 2, 9, 8, 3, 3, 2, 2) },
  { name: 'overlapping 3×3/1 on 2×2×6×5', ...pool(2, 2, 6, 5, 3, 3, 1, 1) },
  { name: '2×3 window, strides 1×2, on 1×2×5×8', ...pool(1, 2, 5, 8, 2, 3, 1, 2) },
  { name: '2×2/3 on 1×1×8×8 (gaps no window reaches)', ...pool(1, 1, 8, 8, 2, 2, 3, 3) },
  { name: 'global on 2×3×7×7', ...globalAvgPoolShape(2, 3, 7, 7) },
  { name: 'global on 2×3×4×6 (not square)', ...globalAvgPoolShape(2, 3, 4, 6) },
  { name: 'global on 1×2×28×28', ...globalAvgPoolShape(1, 2, 28, 28) },
];

function gradients(shape: AvgPoolShape) {
  const { outH, outW } = avgPoolGeometry(shape);
  const x = random64(shape.batch * shape.channels * shape.inH * shape.inW, 1);
  const R = random64(shape.batch * shape.channels * outH * outW, 2);
  return { analytic: avgPoolBackward(R, shape), numeric: numericGradient(x, R, shape) };
}

describe('avgPoolBackward matches finite differences of avgPool', () => {
  it.each(shapes)('$name', (shape) => {
    const { analytic, numeric } = gradients(shape);
    assertClose(analytic, numeric, TOL, shape.name);
  });

  it('the check catches a gradient not divided by the window area', () => {
    const shape = shapes[2];
    const { analytic, numeric } = gradients(shape);
    expect(
      findMismatch(
        analytic.map((v) => v * shape.winH * shape.winW),
        numeric,
        TOL,
      ),
    ).not.toBeNull();
  });
});

describe('avgPool', () => {
  it('averages each window, dropping windows that do not fit', () => {
    // One 3×5 map, 2×2/2: two windows on the first two rows; the last row and column drop.
    const x = Float64Array.from([1, 2, 3, 4, 99, 5, 6, 7, 8, 99, 99, 99, 99, 99, 99]);
    expect(Array.from(avgPool(x, pool(1, 1, 3, 5, 2, 2, 2, 2)))).toEqual([3.5, 5.5]);
  });

  it('global pooling gives each channel its mean, 1×1 per map', () => {
    const shape = globalAvgPoolShape(2, 3, 4, 5);
    expect(avgPoolGeometry(shape)).toEqual({ outH: 1, outW: 1 });
    const x = random64(2 * 3 * 4 * 5, 3);
    const means = Array.from({ length: 6 }, (_, p) => x.subarray(p * 20, (p + 1) * 20).reduce((a, b) => a + b, 0) / 20);
    assertClose(avgPool(x, shape), means, { atol: 1e-15, rtol: 1e-15 }, 'channel means');
  });

  it('keeps float32 in float32', () => {
    const shape = pool(1, 1, 4, 4, 2, 2, 2, 2);
    expect(avgPool(new Float32Array(16), shape)).toBeInstanceOf(Float32Array);
    expect(avgPoolBackward(new Float32Array(4), shape)).toBeInstanceOf(Float32Array);
  });

  it('refuses bad shapes, naming the field', () => {
    const ok = pool(1, 1, 4, 4, 2, 2, 2, 2);
    expect(() => avgPool(new Float64Array(16), { ...ok, winW: 5 })).toThrow(/winW 5 exceeds inW 4/);
    expect(() => avgPool(new Float64Array(16), { ...ok, winH: 5 })).toThrow(/winH 5 exceeds inH 4/);
    expect(() => avgPoolBackward(new Float64Array(4), { ...ok, strideH: 0 })).toThrow(/strideH must be a positive integer/);
  });
});
