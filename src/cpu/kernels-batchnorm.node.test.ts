// The batch-norm kernels against src/reference/batchnorm.ts on the real wasm, at the GPU kernels'
// test shapes (src/gpu/kernels/batchnorm.gpu.test.ts): N = 1, dense and conv layouts, odd channel
// counts, rows that leave a scalar tail, every fused activation; each kernel split over channels
// into uneven ranges gives the same bits.
import { describe, expect, test } from 'vitest';
import { ACTIVATIONS, activationCode } from '../model/activation.ts';
import type { BatchNormShape } from '../model/op-shapes.ts';
import * as ref from '../reference/batchnorm.ts';
import { assertClose, findMismatch, type Tolerance } from '../testing/close.ts';
import { kernelBench } from '../testing/cpu-kernels.ts';
import { sameBits, splitTwice } from '../testing/cpu-split.ts';
import { randomF32 } from '../testing/random.ts';

// Element-wise values within 1e-5 as the GPU's; dγ and dβ are sums of up to 50,176 terms.
const TOL: Tolerance = { atol: 1e-5, rtol: 1e-5 };
const SUM_TOL: Tolerance = { atol: 1e-3, rtol: 1e-5 };

type Case = BatchNormShape & { name: string };

const cases: Case[] = [
  { name: 'batch 1, inner 1: N = 1, variance 0', batch: 1, channels: 5, inner: 1, activation: 'relu' },
  { name: 'dense, batch 64, 256 features', batch: 64, channels: 256, inner: 1, activation: 'tanh' },
  { name: 'dense, batch 1025, 3 features', batch: 1025, channels: 3, inner: 1, activation: 'sigmoid' },
  { name: 'conv, batch 3, 5 channels, 13×13', batch: 3, channels: 5, inner: 169, activation: 'sigmoid', epsilon: 0.01, momentum: 0.9 },
  { name: 'conv, batch 7, 3 channels, 17×18', batch: 7, channels: 3, inner: 306, activation: 'relu', momentum: 0 },
  { name: 'conv, batch 1, 2 channels, 41×37', batch: 1, channels: 2, inner: 1517, activation: 'tanh' },
  { name: 'conv, batch 64, 32 channels, 28×28', batch: 64, channels: 32, inner: 784, activation: 'relu' },
  { name: 'conv, batch 64, 64 channels, 14×14', batch: 64, channels: 64, inner: 196, activation: 'none' },
  { name: 'conv, batch 5, 3 channels, 3×3 (cnn-bn’s last block, odd rows)', batch: 5, channels: 3, inner: 9, activation: 'relu' },
];

function inputs(c: BatchNormShape, seed: number) {
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

/** Trains twice on the same batch (two running updates), then reads, then runs both backwards; each split two ways. */
async function runAll(c: BatchNormShape, data = inputs(c, 41)) {
  const n = c.batch * c.channels * c.inner;
  const C = c.channels;
  const nan = (k: number) => new Float32Array(k).fill(NaN);
  const b = await kernelBench({ ...data, y: nan(n), yEval: nan(n), saved: nan(2 * C), dx: nan(n), dxEval: nan(n), dgamma: nan(C), dbeta: nan(C) });
  const r = b.regions;
  const eps = c.epsilon ?? 1e-3;
  const dims = [c.batch, C, c.inner];
  const train = [r.x, r.gamma, r.beta, r.y, r.saved, r.runningMean, r.runningVar].map((g) => g.offset);
  const trainArgs = [...train, ...dims, eps, c.momentum ?? 0.99, activationCode(c.activation)];
  const splits = [splitTwice(b, 'batchnorm_train', C, trainArgs, ['y', 'saved', 'runningMean', 'runningVar'])];
  b.run.parallel('batchnorm_train', C, trainArgs);
  const evalArgs = [r.x, r.gamma, r.beta, r.runningMean, r.runningVar, r.yEval].map((g) => g.offset);
  splits.push(splitTwice(b, 'batchnorm_eval', C, [...evalArgs, ...dims, eps, activationCode(c.activation)], ['yEval']));
  const backArgs = [r.x, r.dy, r.gamma, r.saved, r.dx, r.dgamma, r.dbeta].map((g) => g.offset);
  splits.push(splitTwice(b, 'batchnorm_backward', C, [...backArgs, ...dims], ['dx', 'dgamma', 'dbeta']));
  const evalBackArgs = [r.dy, r.gamma, r.runningVar, r.dxEval].map((g) => g.offset);
  splits.push(splitTwice(b, 'batchnorm_eval_backward', C, [...evalBackArgs, ...dims, eps], ['dxEval']));
  const names = ['y', 'yEval', 'saved', 'runningMean', 'runningVar', 'dx', 'dxEval', 'dgamma', 'dbeta'] as const;
  const got = Object.fromEntries(names.map((k) => [k, b.read(k)])) as Record<(typeof names)[number], Float32Array>;
  return { got, data, splits };
}

function expected(c: BatchNormShape, data: ReturnType<typeof inputs>, savedGot: Float32Array) {
  const train = ref.batchNormTrain(data.x, data.gamma, data.beta, c);
  const once = ref.batchNormRunningUpdate(data.runningMean, data.runningVar, train.mean, train.variance, c);
  const twice = ref.batchNormRunningUpdate(once.runningMean, once.runningVar, train.mean, train.variance, c);
  const runningMean = Float32Array.from(twice.runningMean);
  const runningVar = Float32Array.from(twice.runningVar);
  const yEval = ref.batchNormEval(data.x, data.gamma, data.beta, runningMean, runningVar, c);
  // The backward pass is checked on the saved statistics the kernel wrote (themselves checked).
  const grads = ref.batchNormBackward(data.x, data.dy, data.gamma, savedGot, c);
  const dxEval = ref.batchNormEvalBackward(data.dy, data.gamma, runningVar, c);
  return { ...train, runningMean, runningVar, yEval, dxEval, ...grads };
}

function check(got: Awaited<ReturnType<typeof runAll>>['got'], want: ReturnType<typeof expected>) {
  assertClose(got.saved, want.saved, TOL, 'saved');
  assertClose(got.y, want.y, TOL, 'train y');
  assertClose(got.runningMean, want.runningMean, TOL, 'running mean after 2 calls');
  assertClose(got.runningVar, want.runningVar, TOL, 'running var after 2 calls');
  assertClose(got.yEval, want.yEval, TOL, 'eval y');
  assertClose(got.dbeta, want.dbeta, SUM_TOL, 'dbeta');
  assertClose(got.dgamma, want.dgamma, SUM_TOL, 'dgamma');
  assertClose(got.dx, want.dx, TOL, 'dx');
  assertClose(got.dxEval, want.dxEval, TOL, 'eval dx');
}

// The float64 reference over up to 1.6 M elements takes seconds on a busy machine.
const SLOW_MS = 60_000;

describe('batchnorm kernels vs reference', { timeout: SLOW_MS }, () => {
  test.each(cases)('$name ($activation)', async (c) => {
    const { got, data, splits } = await runAll(c);
    check(got, expected(c, data, got.saved));
    for (const s of splits) expect(s.whole.every((w, i) => sameBits(w, s.split[i]))).toBe(true);
  });

  // γ up to 40 drives pre-activations to about ±70: tanh and sigmoid must saturate, not overflow.
  test.each(ACTIVATIONS)('%s, pre-activations up to ±70', async (activation) => {
    const c: BatchNormShape = { batch: 5, channels: 3, inner: 37, activation };
    const data = { ...inputs(c, 43), gamma: new Float32Array([40, -25, 0.5]) };
    const { got } = await runAll(c, data);
    check(got, expected(c, data, got.saved));
  });

  test('dx 0 writes only dγ and dβ (a first layer), nothing at address 0', async () => {
    const c = cases[3];
    const data = inputs(c, 7);
    const n = c.batch * c.channels * c.inner;
    const b = await kernelBench({ ...data, saved: 2 * c.channels, dgamma: c.channels, dbeta: c.channels });
    // What lies below the arena (the module's data) must stay as it was: nothing is written at 0.
    const low = () => new Float32Array(b.memory.buffer, 0, n).slice();
    const before = low();
    const r = b.regions;
    const train = ref.batchNormTrain(data.x, data.gamma, data.beta, c);
    b.write('saved', train.saved);
    b.k.batchnorm_backward(
      r.x.offset,
      r.dy.offset,
      r.gamma.offset,
      r.saved.offset,
      0,
      r.dgamma.offset,
      r.dbeta.offset,
      c.batch,
      c.channels,
      c.inner,
      0,
      c.channels,
    );
    const want = ref.batchNormBackward(data.x, data.dy, data.gamma, b.read('saved'), c);
    assertClose(b.read('dgamma'), want.dgamma, SUM_TOL, 'dgamma');
    assertClose(b.read('dbeta'), want.dbeta, SUM_TOL, 'dbeta');
    expect(sameBits(low(), before)).toBe(true);
  });

  test('the comparison catches a wrong answer: epsilon left out, biased running variance', async () => {
    const c = cases[4];
    const { got, data } = await runAll(c);
    expect(findMismatch(got.y, ref.batchNormTrain(data.x, data.gamma, data.beta, { ...c, epsilon: 0 }).y, TOL)).not.toBeNull();
    // Momentum 0: the running variance is the batch's, n/(n − 1) times the biased one.
    expect(findMismatch(got.runningVar, ref.batchNormTrain(data.x, data.gamma, data.beta, c).variance, TOL)).not.toBeNull();
  });
});
