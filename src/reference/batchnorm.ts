// Batch normalization on the CPU, the oracle for the batchnorm kernels: statistics in float64
// (two passes), results in the requested type, so the finite-difference test can run in float64.
import type { BatchNormShape } from '../model/op-shapes.ts';
import { activate } from './activation.ts';

type Floats = Float32Array | Float64Array;
type FloatsCtor = Float32ArrayConstructor | Float64ArrayConstructor;

export type { BatchNormShape };

const epsilonOf = (s: BatchNormShape) => s.epsilon ?? 1e-3;
const momentumOf = (s: BatchNormShape) => s.momentum ?? 0.99;

/** Calls visit(flat index, channel) for every element of [batch, channels, inner]. */
function forEach(s: BatchNormShape, visit: (i: number, c: number) => void): void {
  for (let b = 0; b < s.batch; b++) {
    for (let c = 0; c < s.channels; c++) {
      const row = (b * s.channels + c) * s.inner;
      for (let i = 0; i < s.inner; i++) visit(row + i, c);
    }
  }
}

/** Per-channel batch mean and biased variance, two passes in float64. */
export function batchNormStats(x: Floats, s: BatchNormShape): { mean: Float64Array; variance: Float64Array } {
  const n = s.batch * s.inner;
  const mean = new Float64Array(s.channels);
  forEach(s, (i, c) => (mean[c] += x[i]));
  for (let c = 0; c < s.channels; c++) mean[c] /= n;
  const variance = new Float64Array(s.channels);
  forEach(s, (i, c) => (variance[c] += (x[i] - mean[c]) ** 2));
  for (let c = 0; c < s.channels; c++) variance[c] /= n;
  return { mean, variance };
}

function normalize(x: Floats, gamma: Floats, beta: Floats, mean: ArrayLike<number>, invStd: ArrayLike<number>, s: BatchNormShape, type: FloatsCtor): Floats {
  const pre = new Float64Array(x.length);
  forEach(s, (i, c) => (pre[i] = gamma[c] * (x[i] - mean[c]) * invStd[c] + beta[c]));
  return type.from(activate(pre, s.activation));
}

/**
 * Training forward: y = act(gamma·x̂ + beta) with x̂ from the batch statistics; saved = [mean,
 * invStd] as the kernel writes it; mean and (biased) variance for the running update.
 */
export function batchNormTrain(
  x: Floats,
  gamma: Floats,
  beta: Floats,
  s: BatchNormShape,
  type: FloatsCtor = Float32Array,
): { y: Floats; saved: Floats; mean: Float64Array; variance: Float64Array } {
  const { mean, variance } = batchNormStats(x, s);
  const invStd = variance.map((v) => 1 / Math.sqrt(v + epsilonOf(s)));
  const saved = new type(2 * s.channels);
  saved.set(mean);
  saved.set(invStd, s.channels);
  return { y: normalize(x, gamma, beta, mean, invStd, s, type), saved, mean, variance };
}

/** Evaluation forward: y = act(gamma·(x − runningMean)/sqrt(runningVar + epsilon) + beta). */
export function batchNormEval(
  x: Floats,
  gamma: Floats,
  beta: Floats,
  runningMean: Floats,
  runningVar: Floats,
  s: BatchNormShape,
  type: FloatsCtor = Float32Array,
): Floats {
  const invStd = Float64Array.from(runningVar, (v) => 1 / Math.sqrt(v + epsilonOf(s)));
  return normalize(x, gamma, beta, runningMean, invStd, s, type);
}

/**
 * running = momentum·running + (1 − momentum)·batch statistic, with the unbiased variance
 * n/(n − 1)·var (PyTorch's choice); with n = 1 the biased one (0) instead of 0/0.
 */
export function batchNormRunningUpdate(
  runningMean: ArrayLike<number>,
  runningVar: ArrayLike<number>,
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  s: BatchNormShape,
): { runningMean: Float64Array; runningVar: Float64Array } {
  const n = s.batch * s.inner;
  const m = momentumOf(s);
  const correction = n > 1 ? n / (n - 1) : 1;
  return {
    runningMean: Float64Array.from(runningMean, (r, c) => m * r + (1 - m) * mean[c]),
    runningVar: Float64Array.from(runningVar, (r, c) => m * r + (1 - m) * variance[c] * correction),
  };
}

/**
 * Backward for dy w.r.t. the pre-activation output: dbeta = Σ dy, dgamma = Σ dy·x̂,
 * dx = gamma·invStd/N·(N·dy − Σdy − x̂·Σ(dy·x̂)), x̂ recomputed from x and saved.
 */
export function batchNormBackward(
  x: Floats,
  dy: Floats,
  gamma: Floats,
  saved: Floats,
  s: BatchNormShape,
  type: FloatsCtor = Float32Array,
): { dx: Floats; dgamma: Floats; dbeta: Floats } {
  const n = s.batch * s.inner;
  const C = s.channels;
  const xhat = (i: number, c: number) => (x[i] - saved[c]) * saved[C + c];
  const dbeta = new Float64Array(C);
  const dgamma = new Float64Array(C);
  forEach(s, (i, c) => {
    dbeta[c] += dy[i];
    dgamma[c] += dy[i] * xhat(i, c);
  });
  const dx = new Float64Array(x.length);
  forEach(s, (i, c) => (dx[i] = ((gamma[c] * saved[C + c]) / n) * (n * dy[i] - dbeta[c] - xhat(i, c) * dgamma[c])));
  return { dx: type.from(dx), dgamma: type.from(dgamma), dbeta: type.from(dbeta) };
}

/** Backward when reading (running statistics): the layer is affine per channel, dx = dy·γ/√(var + ε). */
export function batchNormEvalBackward(dy: Floats, gamma: Floats, runningVar: Floats, s: BatchNormShape, type: FloatsCtor = Float32Array): Floats {
  const dx = new Float64Array(dy.length);
  forEach(s, (i, c) => (dx[i] = (dy[i] * gamma[c]) / Math.sqrt(runningVar[c] + epsilonOf(s))));
  return type.from(dx);
}
