import { describe, expect, it } from 'vitest';
import { reluBackward } from './relu-backward.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { rng } from '../data/random.ts';

// ReLU is linear on each side of 0; inputs are kept at least 1e-3 away from it, so central
// differences with h = 1e-6 in float64 are exact up to rounding.
const H = 1e-6;
const TOL = { atol: 1e-8, rtol: 1e-8 };

const relu = (z: Float64Array) => z.map((v) => Math.max(0, v));

function inputs(n: number, seed: number) {
  const r = rng(seed);
  const z = Float64Array.from({ length: n }, () => {
    const v = 2 * r() - 1;
    return v >= 0 ? v + 1e-3 : v - 1e-3;
  });
  const R = Float64Array.from({ length: n }, () => 2 * r() - 1);
  return { z, R };
}

/** ∂/∂z of sum(relu(z) · R), by central differences. */
function numericGradient(z: Float64Array, R: Float64Array): Float64Array {
  const loss = (v: Float64Array) => relu(v).reduce((s, y, i) => s + y * R[i], 0);
  const g = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const saved = z[i];
    z[i] = saved + H;
    const up = loss(z);
    z[i] = saved - H;
    const down = loss(z);
    z[i] = saved;
    g[i] = (up - down) / (2 * H);
  }
  return g;
}

describe('reluBackward matches finite differences of ReLU', () => {
  it.each([1, 17, 300])('%i elements', (n) => {
    const { z, R } = inputs(n, n);
    assertClose(reluBackward(R, relu(z)), numericGradient(z, R), TOL);
  });

  it('the check catches an unmasked gradient', () => {
    const { z, R } = inputs(300, 300);
    expect(findMismatch(R, numericGradient(z, R), TOL)).not.toBeNull();
  });
});
