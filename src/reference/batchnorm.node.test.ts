import { describe, expect, it } from 'vitest';
import {
  batchNormBackward,
  batchNormEval,
  batchNormEvalBackward,
  batchNormRunningUpdate,
  batchNormStats,
  batchNormTrain,
  type BatchNormShape,
} from './batchnorm.ts';
import { assertClose, findMismatch, type Tolerance } from '../testing/close.ts';
import { centralDifferences, linearLoss } from '../testing/finite-differences.ts';
import { randomF32 } from '../testing/random.ts';

const f64 = (a: ArrayLike<number>) => Float64Array.from(a);

describe('batchnorm reference forward', () => {
  it('normalizes a hand-computed channel: mean 3, biased variance 3.5', () => {
    // Two channels of one sample with inner 4; channel 1 is constant, so x̂ = 0 and y = beta.
    const s: BatchNormShape = { batch: 1, channels: 2, inner: 4, epsilon: 1e-3, activation: 'none' };
    const x = f64([1, 2, 3, 6, 5, 5, 5, 5]);
    const { y, saved, mean, variance } = batchNormTrain(x, f64([2, 1]), f64([0.5, -1]), s, Float64Array);
    expect(Array.from(mean)).toEqual([3, 5]);
    expect(Array.from(variance)).toEqual([3.5, 0]);
    const inv = 1 / Math.sqrt(3.5 + 1e-3);
    assertClose(saved, [3, 5, inv, 1 / Math.sqrt(1e-3)], { atol: 0, rtol: 1e-15 }, 'saved');
    assertClose(y, [-4 * inv + 0.5, -2 * inv + 0.5, 0.5, 6 * inv + 0.5, -1, -1, -1, -1], { atol: 0, rtol: 1e-15 }, 'y');
  });

  it('gives each channel mean beta and variance gamma²·var/(var + eps)', () => {
    const s: BatchNormShape = { batch: 3, channels: 4, inner: 7, epsilon: 0.01, activation: 'none' };
    const x = f64(randomF32(84, 5, -3, 5));
    const gamma = f64([1, 2, -0.5, 3]);
    const beta = f64([0, 1, -2, 0.25]);
    const { y, variance } = batchNormTrain(x, gamma, beta, s, Float64Array);
    const out = batchNormStats(y, s);
    assertClose(out.mean, beta, { atol: 1e-12, rtol: 0 }, 'mean of y');
    assertClose(
      out.variance,
      variance.map((v, c) => (gamma[c] ** 2 * v) / (v + 0.01)),
      { atol: 0, rtol: 1e-12 },
      'variance of y',
    );
  });

  it('evaluates with running statistics equal to the batch ones exactly as it trains', () => {
    const s: BatchNormShape = { batch: 4, channels: 3, inner: 5, activation: 'sigmoid' };
    const x = f64(randomF32(60, 6));
    const gamma = f64(randomF32(3, 7));
    const beta = f64(randomF32(3, 8));
    const train = batchNormTrain(x, gamma, beta, s, Float64Array);
    assertClose(batchNormEval(x, gamma, beta, train.mean, train.variance, s, Float64Array), train.y, { atol: 1e-15, rtol: 1e-14 }, 'eval y');
  });

  it('applies the fused activation after the shift', () => {
    const s: BatchNormShape = { batch: 2, channels: 1, inner: 1, epsilon: 1e-3, activation: 'relu' };
    const { y } = batchNormTrain(f64([0, 1]), f64([1]), f64([0]), s, Float64Array);
    expect(y[0]).toBe(0);
    expect(y[1]).toBeCloseTo(1 / Math.sqrt(1 + 4e-3), 14);
  });
});

describe('batchnorm running-statistic update', () => {
  it('uses momentum on the old value and the unbiased variance n/(n − 1)·var', () => {
    // The channel [1, 2, 3, 6]: mean 3, biased variance 3.5, unbiased 14/3.
    const s: BatchNormShape = { batch: 2, channels: 1, inner: 2, momentum: 0.9, activation: 'none' };
    const { mean, variance } = batchNormStats(f64([1, 2, 3, 6]), s);
    const r = batchNormRunningUpdate([0.5], [2], mean, variance, s);
    expect(r.runningMean[0]).toBeCloseTo(0.9 * 0.5 + 0.1 * 3, 14);
    expect(r.runningVar[0]).toBeCloseTo(0.9 * 2 + (0.1 * 14) / 3, 14);
  });

  it('defaults to Keras momentum 0.99', () => {
    const s: BatchNormShape = { batch: 1, channels: 1, inner: 2, activation: 'none' };
    const r = batchNormRunningUpdate([0], [1], [10], [2], s);
    expect(r.runningMean[0]).toBeCloseTo(0.1, 14);
    expect(r.runningVar[0]).toBeCloseTo(0.99 + 0.01 * 4, 14);
  });

  it('takes the biased variance (0) when a channel has one element, rather than 0/0', () => {
    const s: BatchNormShape = { batch: 1, channels: 2, inner: 1, momentum: 0.5, activation: 'none' };
    const { mean, variance } = batchNormStats(f64([3, -1]), s);
    const r = batchNormRunningUpdate([1, 1], [1, 3], mean, variance, s);
    expect(Array.from(r.runningMean)).toEqual([2, 0]);
    expect(Array.from(r.runningVar)).toEqual([0.5, 1.5]);
  });

  it('with momentum 0 takes the batch statistics outright', () => {
    const s: BatchNormShape = { batch: 3, channels: 2, inner: 2, momentum: 0, activation: 'none' };
    const x = f64(randomF32(12, 9));
    const { mean, variance } = batchNormStats(x, s);
    const r = batchNormRunningUpdate([7, 7], [7, 7], mean, variance, s);
    assertClose(r.runningMean, mean, { atol: 0, rtol: 1e-15 }, 'mean');
    assertClose(
      r.runningVar,
      variance.map((v) => (v * 6) / 5),
      { atol: 0, rtol: 1e-15 },
      'var',
    );
  });
});

// loss = Σ y·R through the training forward (no activation: the backward takes dy w.r.t. the
// pre-activation). The loss is not linear in x, so central differences carry an O(EPS²)
// truncation error; with EPS 1e-5 in float64 both it and rounding stay near 1e-9.
const EPS = 1e-5;
const FD_TOL: Tolerance = { atol: 1e-7, rtol: 1e-6 };

function problem(s: BatchNormShape, seed: number) {
  const n = s.batch * s.channels * s.inner;
  // Off-centre, uneven channels: a mean far from 0 and a spread other than 1.
  const x = f64(randomF32(n, seed, -2, 4));
  const gamma = f64(randomF32(s.channels, seed + 1, 0.5, 2));
  const beta = f64(randomF32(s.channels, seed + 2));
  const r = f64(randomF32(n, seed + 3));
  const f = () => linearLoss(batchNormTrain(x, gamma, beta, s, Float64Array).y, r);
  const fd = { x: centralDifferences(x, f, EPS), gamma: centralDifferences(gamma, f, EPS), beta: centralDifferences(beta, f, EPS) };
  const { saved } = batchNormTrain(x, gamma, beta, s, Float64Array);
  return { x, gamma, r, saved, fd };
}

const fdCases: (BatchNormShape & { name: string })[] = [
  { name: 'conv-like, batch 2, 3 channels, 5×4', batch: 2, channels: 3, inner: 20, activation: 'none' },
  { name: 'conv-like, batch 1, 2 channels, 3×3, epsilon 0.1', batch: 1, channels: 2, inner: 9, epsilon: 0.1, activation: 'none' },
  { name: 'dense-like, batch 6, 5 features', batch: 6, channels: 5, inner: 1, activation: 'none' },
  { name: 'dense-like, batch 2 (two terms per channel)', batch: 2, channels: 3, inner: 1, activation: 'none' },
  { name: 'batch 1, inner 1: x̂ = 0, so dx = dgamma = 0', batch: 1, channels: 4, inner: 1, activation: 'none' },
];

describe('batchnorm reference backward vs central finite differences of the training forward', () => {
  it.each(fdCases)('$name', (s) => {
    const { x, gamma, r, saved, fd } = problem(s, 21);
    const got = batchNormBackward(x, r, gamma, saved, s, Float64Array);
    assertClose(got.dx, fd.x, FD_TOL, 'dx');
    assertClose(got.dgamma, fd.gamma, FD_TOL, 'dgamma');
    assertClose(got.dbeta, fd.beta, FD_TOL, 'dbeta');
  });

  it('the check rejects dx without the terms through the batch mean or the batch variance', () => {
    const s = fdCases[0];
    const { x, gamma, r, saved, fd } = problem(s, 21);
    const n = s.batch * s.inner;
    const C = s.channels;
    const { dgamma, dbeta } = batchNormBackward(x, r, gamma, saved, s, Float64Array);
    const dx = (withMean: boolean, withVar: boolean) =>
      x.map((v, i) => {
        const c = Math.floor(i / s.inner) % C;
        const xhat = (v - saved[c]) * saved[C + c];
        return ((gamma[c] * saved[C + c]) / n) * (n * r[i] - (withMean ? dbeta[c] : 0) - (withVar ? xhat * dgamma[c] : 0));
      });
    expect(findMismatch(dx(true, true), fd.x, FD_TOL)).toBeNull();
    expect(findMismatch(dx(false, true), fd.x, FD_TOL)).not.toBeNull();
    expect(findMismatch(dx(true, false), fd.x, FD_TOL)).not.toBeNull();
  });
});

describe('batchnorm reference backward when reading vs central finite differences of the evaluation forward', () => {
  // The evaluation forward is affine in x: central differences are exact up to rounding.
  it.each(fdCases)('$name', (s) => {
    const n = s.batch * s.channels * s.inner;
    const x = f64(randomF32(n, 31, -2, 4));
    const gamma = f64(randomF32(s.channels, 32, 0.5, 2));
    const beta = f64(randomF32(s.channels, 33));
    const mean = f64(randomF32(s.channels, 34));
    const variance = f64(randomF32(s.channels, 35, 0.2, 3));
    const r = f64(randomF32(n, 36));
    const fd = centralDifferences(x, () => linearLoss(batchNormEval(x, gamma, beta, mean, variance, s, Float64Array), r), EPS);
    assertClose(batchNormEvalBackward(r, gamma, variance, s, Float64Array), fd, FD_TOL, 'dx');
  });
});
