import { describe, expect, it } from 'vitest';
import { activate, activationBackward } from './activation.ts';
import type { Activation } from '../model/activation.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { centralDifferences, linearLoss } from '../testing/finite-differences.ts';
import { rng } from '../base/random.ts';

// Central differences in float64 with h = 1e-5: truncation h²·|f‴|/6 < 1e-10 for tanh and
// sigmoid, rounding ~1e-16·|loss| / h < 1e-8 (|loss| ≤ 300). ReLU is linear on each side of 0,
// and its inputs stay 1e-3 away from it, so there only rounding is left.
const H = 1e-5;
const TOL = { atol: 1e-7, rtol: 1e-6 };

const smooth = ['tanh', 'sigmoid'] as const;

function inputs(n: number, seed: number) {
  const r = rng(seed);
  // Over ±4: both flat tails and the steep middle of tanh and sigmoid.
  const z = Float64Array.from({ length: n }, () => {
    const v = 8 * r() - 4;
    return v >= 0 ? v + 1e-3 : v - 1e-3;
  });
  const R = Float64Array.from({ length: n }, () => 2 * r() - 1);
  return { z, R };
}

/** ∂/∂z of sum(activate(z) · R), by central differences. */
function numericGradient(z: Float64Array, R: Float64Array, a: Activation): Float64Array {
  return centralDifferences(z, () => linearLoss(activate(z, a), R), H);
}

describe('activationBackward (from the output) matches finite differences of activate', () => {
  const grid = (['relu', ...smooth, 'none'] as const).flatMap((activation) => [1, 17, 300].map((n) => ({ activation, n })));
  it.each(grid)('$activation, $n elements', ({ activation, n }) => {
    const { z, R } = inputs(n, n);
    assertClose(activationBackward(R, activate(z, activation), activation), numericGradient(z, R, activation), TOL);
  });

  it.each(smooth)('the check catches %s′ taken at the input instead of the output', (a) => {
    const { z, R } = inputs(300, 300);
    expect(findMismatch(activationBackward(R, z, a), numericGradient(z, R, a), TOL)).not.toBeNull();
  });

  it('the check catches an unmasked ReLU gradient', () => {
    const { z, R } = inputs(300, 300);
    expect(findMismatch(R, numericGradient(z, R, 'relu'), TOL)).not.toBeNull();
  });
});

describe('activate', () => {
  it('takes known values and keeps the array type', () => {
    const x = new Float32Array([-2, 0, 0.5]);
    const want = {
      none: [-2, 0, 0.5],
      relu: [0, 0, 0.5],
      tanh: [Math.tanh(-2), 0, Math.tanh(0.5)],
      sigmoid: [1 / (1 + Math.E ** 2), 0.5, 1 / (1 + Math.exp(-0.5))],
    } as const;
    for (const a of ['none', 'relu', 'tanh', 'sigmoid'] as const) {
      const y = activate(x, a);
      expect(y).toBeInstanceOf(Float32Array);
      assertClose(y, Float32Array.from(want[a]), { atol: 0, rtol: 0 }, a);
    }
    expect(Array.from(x)).toEqual([-2, 0, 0.5]);
  });

  it('saturates at huge inputs without NaN', () => {
    const x = new Float64Array([-1e6, -800, 800, 1e6]);
    expect(Array.from(activate(x, 'tanh'))).toEqual([-1, -1, 1, 1]);
    expect(Array.from(activate(x, 'sigmoid'))).toEqual([0, 0, 1, 1]);
  });

  it('ReLU masks even a non-finite gradient, as the kernel does', () => {
    const got = activationBackward(new Float32Array([Infinity, NaN, 2]), [0, -0, 1], 'relu');
    expect(Array.from(got)).toEqual([0, 0, 2]);
  });

  it('refuses an unknown name and mismatched lengths', () => {
    expect(() => activate(new Float32Array(1), 'gelu' as Activation)).toThrow(/^activate: activation must be one of none, relu, tanh, sigmoid, got gelu$/);
    expect(() => activationBackward(new Float32Array(2), [1], 'tanh')).toThrow(/dy has 2 elements, y 1/);
  });
});
