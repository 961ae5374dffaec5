import { describe, expect, it } from 'vitest';
import { dropout, dropoutBackward, dropoutKeeps } from './dropout.ts';
import { dropoutScale, dropoutThreshold, type DropoutShape } from '../model/dropout-mask.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { centralDifferences, linearLoss } from '../testing/finite-differences.ts';
import { rng } from '../base/random.ts';

// For fixed (t, seed) dropout is linear in x, so central differences in float64 are exact up to
// rounding.
const H = 1e-6;
const TOL = { atol: 1e-8, rtol: 1e-8 };

function random64(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
}

/** ∂/∂x of sum(dropout(x) · R) at step t, by central differences. */
function numericGradient(x: Float64Array, R: Float64Array, shape: DropoutShape, t: number, seed: number): Float64Array {
  return centralDifferences(x, () => linearLoss(dropout(x, shape, t, seed), R), H);
}

const shapes: (DropoutShape & { name: string; t: number; seed: number })[] = [
  { name: 'rate 0.5, 3×17', batch: 3, units: 17, rate: 0.5, salt: 1, t: 1, seed: 0 },
  { name: 'rate 0.1, 2×100', batch: 2, units: 100, rate: 0.1, salt: 7, t: 42, seed: 12345 },
  { name: 'rate 0.9, 4×33', batch: 4, units: 33, rate: 0.9, salt: 0xffffffff, t: 0xffffffff, seed: 0xffffffff },
  { name: 'rate 0, 1×5', batch: 1, units: 5, rate: 0, salt: 0, t: 3, seed: 1 },
];

/** Fraction of kept units over a batch × units grid. */
function keptFraction(batch: number, units: number, t: number, seed: number, salt: number, rate: number): number {
  let kept = 0;
  for (let b = 0; b < batch; b++) for (let i = 0; i < units; i++) if (dropoutKeeps(b, i, t, seed, salt, rate)) kept++;
  return kept / (batch * units);
}

describe('dropoutBackward matches finite differences of dropout', () => {
  it.each(shapes)('$name', (c) => {
    const x = random64(c.batch * c.units, 1);
    const R = random64(c.batch * c.units, 2);
    assertClose(dropoutBackward(R, c, c.t, c.seed), numericGradient(x, R, c, c.t, c.seed), TOL, c.name);
  });

  it('the check catches a gradient with another step’s mask', () => {
    const c = shapes[0];
    const x = random64(c.batch * c.units, 1);
    const R = random64(c.batch * c.units, 2);
    expect(findMismatch(dropoutBackward(R, c, c.t + 1, c.seed), numericGradient(x, R, c, c.t, c.seed), TOL)).not.toBeNull();
  });
});

describe('dropout reference', () => {
  it('keeps or zeroes each element, scaling kept ones by 1/(1 − rate)', () => {
    const c = shapes[1];
    const x = random64(c.batch * c.units, 3);
    const y = dropout(x, c, c.t, c.seed);
    for (let e = 0; e < x.length; e++) {
      const keep = dropoutKeeps(Math.floor(e / c.units), e % c.units, c.t, c.seed, c.salt, c.rate);
      expect(y[e]).toBe(keep ? x[e] * dropoutScale(c.rate) : 0);
      if (keep) expect(Math.abs(y[e] / x[e] - 1 / (1 - c.rate))).toBeLessThan(1e-7);
    }
  });

  it('rate 0 is the identity, in f32 and f64', () => {
    const s = { batch: 5, units: 13, rate: 0, salt: 9 };
    const x64 = random64(65, 4);
    const x32 = Float32Array.from(x64);
    expect(dropout(x64, s, 2, 3)).toEqual(x64);
    expect(dropout(x32, s, 2, 3)).toEqual(x32);
  });

  it('keeps the precision of its input', () => {
    const s = { batch: 1, units: 4, rate: 0.5, salt: 0 };
    expect(dropout(new Float32Array(4), s, 1, 0)).toBeInstanceOf(Float32Array);
    expect(dropoutBackward(new Float64Array(4), s, 1, 0)).toBeInstanceOf(Float64Array);
  });

  it('the threshold is exact: rate 0 keeps every hash, rate 0.5 splits at 2^31', () => {
    expect(dropoutThreshold(0)).toBe(0);
    expect(dropoutThreshold(0.5)).toBe(2 ** 31);
    expect(dropoutThreshold(0.9)).toBeLessThan(2 ** 32);
    expect(dropoutThreshold(0.9)).toBe(Math.round(0.9 * 4294967296));
  });

  it.each([0.5, 0.1, 0.9])('kept fraction at rate %f is within 4σ of 1 − rate', (rate) => {
    const batch = 64;
    const units = 1000;
    const n = batch * units;
    const sigma = Math.sqrt((rate * (1 - rate)) / n);
    const f = keptFraction(batch, units, 5, 77, 3, rate);
    expect(Math.abs(f - (1 - rate))).toBeLessThan(4 * sigma);
  });

  it('each sample and each unit position is dropped at the rate (no striping)', () => {
    // Per sample over 4096 units, and per unit over 4096 samples: σ ≈ 0.0078 at rate 0.5.
    const rate = 0.5;
    const n = 4096;
    const tol = 5 * Math.sqrt((rate * (1 - rate)) / n);
    for (const b of [0, 1, 2, 1000]) {
      let kept = 0;
      for (let i = 0; i < n; i++) if (dropoutKeeps(b, i, 1, 0, 0, rate)) kept++;
      expect(Math.abs(kept / n - 0.5)).toBeLessThan(tol);
    }
    for (const i of [0, 1, 2, 255]) {
      let kept = 0;
      for (let b = 0; b < n; b++) if (dropoutKeeps(b, i, 1, 0, 0, rate)) kept++;
      expect(Math.abs(kept / n - 0.5)).toBeLessThan(tol);
    }
  });

  it('masks differ with t, seed and salt, and are independent of each other', () => {
    const base = { t: 3, seed: 11, salt: 5 };
    const rate = 0.5;
    const n = 20000;
    const mask = (p: typeof base) => Array.from({ length: n }, (_, e) => dropoutKeeps(Math.floor(e / 100), e % 100, p.t, p.seed, p.salt, rate));
    const m0 = mask(base);
    for (const other of [
      { ...base, t: 4 },
      { ...base, seed: 12 },
      { ...base, salt: 6 },
      { t: 11, seed: 3, salt: 5 },
    ]) {
      const m1 = mask(other);
      // Independent fair masks agree on half the units; σ = 0.5/√n ≈ 0.0035.
      const agree = m0.filter((k, e) => k === m1[e]).length / n;
      expect(Math.abs(agree - 0.5)).toBeLessThan(0.02);
    }
    // Same inputs, same mask.
    expect(mask(base)).toEqual(m0);
  });

  it('refuses bad shapes, naming the field', () => {
    const x = new Float32Array(4);
    const ok = { batch: 1, units: 4, rate: 0.5, salt: 0 };
    expect(() => dropout(x, { ...ok, rate: 0.95 }, 1, 0)).toThrow(/rate must be in \[0, 0.9\], got 0.95/);
    expect(() => dropout(x, { ...ok, rate: -0.1 }, 1, 0)).toThrow(/rate must be in/);
    expect(() => dropout(x, { ...ok, rate: NaN }, 1, 0)).toThrow(/rate must be in .* got NaN/);
    expect(() => dropout(x, { ...ok, units: 0 }, 1, 0)).toThrow(/units must be a positive integer/);
    expect(() => dropout(x, { ...ok, salt: -1 }, 1, 0)).toThrow(/salt must be/);
    expect(() => dropout(x, { ...ok, units: 5 }, 1, 0)).toThrow(/expected batch·units = 5/);
  });
});
