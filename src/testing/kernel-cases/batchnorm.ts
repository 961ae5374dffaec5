// The batch-norm kernels' cases, inputs and expected values, shared by both engines' tests
// (src/gpu/kernels/batchnorm.gpu.test.ts, src/cpu/kernels-batchnorm.node.test.ts): each runs them
// through its own kernels and adds the shapes that reach its own paths.
import type { Activation } from '../../model/activation.ts';
import type { BatchNormShape } from '../../model/op-shapes.ts';
import * as ref from '../../reference/batchnorm.ts';
import { assertClose, type Tolerance } from '../close.ts';
import { randomF32 } from '../random.ts';

// Against a float64 reference. Element-wise values (y, saved, running statistics, dx) came within
// 2e-6 (largest where invStd is 31.6, N = 1); dγ and dβ are sums of up to 50,176 terms, whose
// rounding follows the partial sums: 1.4e-4 at worst (the GPU's serial sums), so atol 1e-3 as bias-grad.
export const TOL: Tolerance = { atol: 1e-5, rtol: 1e-5 };
export const SUM_TOL: Tolerance = { atol: 1e-3, rtol: 1e-5 };

export type BatchNormCase = BatchNormShape & { name: string };

/** N = 1, dense and conv layouts, odd channel counts, rows that leave a scalar tail, every fused activation. */
export const BATCHNORM_CASES: BatchNormCase[] = [
  { name: 'batch 1, inner 1: N = 1, variance 0', batch: 1, channels: 5, inner: 1, activation: 'relu' },
  { name: 'dense, batch 64, 256 features', batch: 64, channels: 256, inner: 1, activation: 'tanh' },
  { name: 'dense, batch 1025, 3 features', batch: 1025, channels: 3, inner: 1, activation: 'sigmoid' },
  { name: 'conv, batch 3, 5 channels, 13×13', batch: 3, channels: 5, inner: 169, activation: 'sigmoid', epsilon: 0.01, momentum: 0.9 },
  { name: 'conv, batch 7, 3 channels, 17×18', batch: 7, channels: 3, inner: 306, activation: 'relu', momentum: 0 },
  { name: 'conv, batch 1, 2 channels, 41×37', batch: 1, channels: 2, inner: 1517, activation: 'tanh' },
  { name: 'conv, batch 64, 32 channels, 28×28', batch: 64, channels: 32, inner: 784, activation: 'relu' },
  { name: 'conv, batch 64, 64 channels, 14×14', batch: 64, channels: 64, inner: 196, activation: 'none' },
];

/** The case whose running statistics take the batch's at once (momentum 0). */
export const MOMENTUM_0 = BATCHNORM_CASES[4];

export type BatchNormInputs = ReturnType<typeof batchNormInputs>;

export function batchNormInputs(c: BatchNormShape, seed: number) {
  const n = c.batch * c.channels * c.inner;
  return {
    // Off-centre (mean 1), so a one-pass Σx² − N·mean² would show its cancellation.
    x: randomF32(n, seed, -1, 3),
    gamma: randomF32(c.channels, seed + 1, 0.5, 1.5),
    beta: randomF32(c.channels, seed + 2, -0.5, 0.5),
    runningMean: randomF32(c.channels, seed + 3),
    runningVar: randomF32(c.channels, seed + 4, 0.5, 2),
    dy: randomF32(n, seed + 5),
  };
}

/** γ up to 40 drives pre-activations to about ±70 (x̂ within ±√3): tanh and sigmoid must saturate, not overflow. */
export function saturatingCase(activation: Activation): { c: BatchNormShape; data: BatchNormInputs } {
  const c: BatchNormShape = { batch: 5, channels: 3, inner: 37, activation };
  return { c, data: { ...batchNormInputs(c, 43), gamma: new Float32Array([40, -25, 0.5]) } };
}

/**
 * What a training call made twice on the same batch, then eval, then both backward passes give.
 * The backward pass is checked on the saved statistics the kernel wrote (themselves checked).
 */
export function batchNormExpected(c: BatchNormShape, data: BatchNormInputs, savedGot: Float32Array) {
  const train = ref.batchNormTrain(data.x, data.gamma, data.beta, c);
  const once = ref.batchNormRunningUpdate(data.runningMean, data.runningVar, train.mean, train.variance, c);
  const twice = ref.batchNormRunningUpdate(once.runningMean, once.runningVar, train.mean, train.variance, c);
  const runningMean = Float32Array.from(twice.runningMean);
  const runningVar = Float32Array.from(twice.runningVar);
  const yEval = ref.batchNormEval(data.x, data.gamma, data.beta, runningMean, runningVar, c);
  const grads = ref.batchNormBackward(data.x, data.dy, data.gamma, savedGot, c);
  const dxEval = ref.batchNormEvalBackward(data.dy, data.gamma, runningVar, c);
  return { ...train, runningMean, runningVar, yEval, dxEval, ...grads };
}

export interface BatchNormGot {
  y: Float32Array;
  saved: Float32Array;
  runningMean: Float32Array;
  runningVar: Float32Array;
  yEval: Float32Array;
  dx: Float32Array;
  dgamma: Float32Array;
  dbeta: Float32Array;
  /** Where the engine has a kernel for the eval mode's backward pass (the CPU engine). */
  dxEval?: Float32Array;
}

export function checkBatchNorm(got: BatchNormGot, want: ReturnType<typeof batchNormExpected>): void {
  assertClose(got.saved, want.saved, TOL, 'saved');
  assertClose(got.y, want.y, TOL, 'train y');
  assertClose(got.runningMean, want.runningMean, TOL, 'running mean after 2 calls');
  assertClose(got.runningVar, want.runningVar, TOL, 'running var after 2 calls');
  assertClose(got.yEval, want.yEval, TOL, 'eval y');
  assertClose(got.dbeta, want.dbeta, SUM_TOL, 'dbeta');
  assertClose(got.dgamma, want.dgamma, SUM_TOL, 'dgamma');
  assertClose(got.dx, want.dx, TOL, 'dx');
  if (got.dxEval) assertClose(got.dxEval, want.dxEval, TOL, 'eval dx');
}
