import { describe, expect, it } from 'vitest';
import { batchNormBackward, batchNormEval, batchNormSavedLength, batchNormTrain, type BatchNormShape } from './batchnorm.ts';
import * as ref from '../../reference/batchnorm.ts';
import { ACTIVATIONS } from '../../model/activation.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu } from '../../testing/gpu.ts';
import { assertClose, findMismatch, type Tolerance } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';
import type { GpuHost } from '../context.ts';

// Against a float64 reference. Element-wise values (y, saved, running statistics, dx) came within
// 2e-6 (largest where invStd is 31.6, N = 1); dgamma and dbeta are sums of up to 50,176 terms,
// whose rounding follows the partial sums: 1.4e-4 at worst (serial), so atol 1e-3 as bias-grad.
const TOL: Tolerance = { atol: 1e-5, rtol: 1e-5 };
const SUM_TOL: Tolerance = { atol: 1e-3, rtol: 1e-5 };

type Case = BatchNormShape & { name: string };

// Per-channel sums run serially up to 1024 terms (batch·inner), as a workgroup reduction above.
const cases: Case[] = [
  { name: 'batch 1, inner 1: N = 1, variance 0', batch: 1, channels: 5, inner: 1, activation: 'relu' },
  { name: 'dense, batch 64, 256 features', batch: 64, channels: 256, inner: 1, activation: 'tanh' },
  { name: 'dense, batch 1024, 70 features (serial, longest)', batch: 1024, channels: 70, inner: 1, activation: 'none' },
  { name: 'dense, batch 1025, 3 features (reduction, shortest)', batch: 1025, channels: 3, inner: 1, activation: 'sigmoid' },
  { name: 'conv, batch 3, 5 channels, 13×13', batch: 3, channels: 5, inner: 169, activation: 'sigmoid', epsilon: 0.01, momentum: 0.9 },
  { name: 'conv, batch 7, 3 channels, 17×18', batch: 7, channels: 3, inner: 306, activation: 'relu', momentum: 0 },
  { name: 'conv, batch 1, 2 channels, 41×37', batch: 1, channels: 2, inner: 1517, activation: 'tanh' },
  { name: 'conv, batch 64, 32 channels, 28×28', batch: 64, channels: 32, inner: 784, activation: 'relu' },
  { name: 'conv, batch 64, 64 channels, 14×14', batch: 64, channels: 64, inner: 196, activation: 'none' },
  { name: 'conv, batch 64, 32 channels, 26×26', batch: 64, channels: 32, inner: 676, activation: 'sigmoid' },
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

// Outputs start as NaN: the kernels must overwrite every element, not accumulate or skip.
const garbage = (n: number) => new Float32Array(n).fill(NaN);

/** Trains twice on the same batch (two running updates), then runs eval and backward. */
async function runAll(c: BatchNormShape, gpu: GpuHost, data = inputs(c, 41)) {
  const n = c.batch * c.channels * c.inner;
  const b = {
    x: gpuBuffer(gpu, data.x),
    gamma: gpuBuffer(gpu, data.gamma),
    beta: gpuBuffer(gpu, data.beta),
    runningMean: gpuBuffer(gpu, data.runningMean),
    runningVar: gpuBuffer(gpu, data.runningVar),
    dy: gpuBuffer(gpu, data.dy),
    y: gpuBuffer(gpu, garbage(n)),
    yEval: gpuBuffer(gpu, garbage(n)),
    saved: gpuBuffer(gpu, garbage(batchNormSavedLength(c.channels))),
    dx: gpuBuffer(gpu, garbage(n)),
    dgamma: gpuBuffer(gpu, garbage(c.channels)),
    dbeta: gpuBuffer(gpu, garbage(c.channels)),
  };
  const train = await batchNormTrain(gpu, c, b);
  await run(gpu, [...train, ...train]);
  // Eval reads the running statistics as the two updates left them.
  await run(gpu, [
    ...(await batchNormEval(gpu, c, { ...b, y: b.yEval })),
    ...(await batchNormBackward(gpu, c, { x: b.x, dy: b.dy, gamma: b.gamma, saved: b.saved, dx: b.dx, dgamma: b.dgamma, dbeta: b.dbeta })),
  ]);
  const got = {
    y: await readF32(gpu, b.y, n),
    saved: await readF32(gpu, b.saved, 2 * c.channels),
    runningMean: await readF32(gpu, b.runningMean, c.channels),
    runningVar: await readF32(gpu, b.runningVar, c.channels),
    yEval: await readF32(gpu, b.yEval, n),
    dx: await readF32(gpu, b.dx, n),
    dgamma: await readF32(gpu, b.dgamma, c.channels),
    dbeta: await readF32(gpu, b.dbeta, c.channels),
  };
  return { got, data };
}

function expected(c: BatchNormShape, data: ReturnType<typeof inputs>, gpuSaved: Float32Array) {
  const train = ref.batchNormTrain(data.x, data.gamma, data.beta, c);
  const once = ref.batchNormRunningUpdate(data.runningMean, data.runningVar, train.mean, train.variance, c);
  const twice = ref.batchNormRunningUpdate(once.runningMean, once.runningVar, train.mean, train.variance, c);
  const yEval = ref.batchNormEval(data.x, data.gamma, data.beta, Float32Array.from(twice.runningMean), Float32Array.from(twice.runningVar), c);
  // The backward pass is checked on the saved statistics the GPU wrote (themselves checked).
  const grads = ref.batchNormBackward(data.x, data.dy, data.gamma, gpuSaved, c);
  return { ...train, ...twice, yEval, ...grads };
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
}

// software: the per-channel sums run one invocation per channel, with no barrier; otherwise sums
// over 1024 terms run as one workgroup per channel.
const variants = [
  { reduction: 'workgroup', software: false },
  { reduction: 'serial (software)', software: true },
];

describe.each(variants)('batchnorm kernels vs reference, $reduction sums', ({ software }) => {
  it.each(cases)('$name ($activation)', async (c) => {
    const { got, data } = await runAll(c, { ...(await testGpu()), software });
    check(got, expected(c, data, got.saved));
  });
});

describe('batchnorm fused activations', () => {
  // gamma up to 40 drives pre-activations to about ±70 (x̂ within ±√3): tanh and sigmoid must saturate, not overflow.
  it.each(ACTIVATIONS)('%s, pre-activations up to ±70', async (activation) => {
    const c: BatchNormShape = { batch: 5, channels: 3, inner: 37, activation };
    const data = { ...inputs(c, 43), gamma: new Float32Array([40, -25, 0.5]) };
    const { got } = await runAll(c, await testGpu(), data);
    check(got, expected(c, data, got.saved));
  });
});

describe('batchnorm checks', () => {
  it('the comparison catches a wrong answer: epsilon left out, biased running variance, dx without its variance term', async () => {
    const c = cases[5];
    const { got, data } = await runAll(c, { ...(await testGpu()), software: false });
    const want = expected(c, data, got.saved);
    check(got, want);
    expect(findMismatch(got.y, ref.batchNormTrain(data.x, data.gamma, data.beta, { ...c, epsilon: 0 }).y, TOL)).not.toBeNull();
    // Momentum 0: the running variance is the batch's, n/(n − 1) = 1.0005 times the biased one.
    const train = ref.batchNormTrain(data.x, data.gamma, data.beta, c);
    expect(findMismatch(got.runningVar, train.variance, TOL)).not.toBeNull();
    const C = c.channels;
    const noVarianceTerm = data.dy.map((g, i) => {
      const ch = Math.floor(i / c.inner) % C;
      return data.gamma[ch] * got.saved[C + ch] * (g - want.dbeta[ch] / (c.batch * c.inner));
    });
    expect(findMismatch(got.dx, noVarianceTerm, TOL)).not.toBeNull();
  });

  it.each([
    { s: { channels: 0 }, message: /channels must be a positive integer, got 0/ },
    { s: { batch: 2.5 }, message: /batch must be a positive integer, got 2.5/ },
    { s: { inner: -1 }, message: /inner must be a positive integer/ },
    { s: { epsilon: 0 }, message: /epsilon must be a positive number, got 0/ },
    { s: { epsilon: -1e-3 }, message: /epsilon must be a positive number/ },
    { s: { epsilon: NaN }, message: /epsilon must be a positive number, got NaN/ },
    { s: { momentum: 1 }, message: /momentum must be in \[0, 1\), got 1/ },
    { s: { momentum: -0.1 }, message: /momentum must be in \[0, 1\), got -0.1/ },
    { s: { activation: 'gelu' }, message: /activation must be one of none, relu, tanh, sigmoid, got gelu/ },
  ])('refuses $s before any GPU work, naming the field', async ({ s, message }) => {
    const gpu = await testGpu();
    const shape = { batch: 2, channels: 3, inner: 4, activation: 'relu', ...s } as BatchNormShape;
    const b = emptyBuffer(gpu, 4);
    const pipelines = gpu.pipelines.size;
    const all = { x: b, gamma: b, beta: b, y: b, saved: b, runningMean: b, runningVar: b, dy: b, dx: b, dgamma: b, dbeta: b };
    await expect(batchNormTrain(gpu, shape, all, 'bn1')).rejects.toThrow(message);
    await expect(batchNormEval(gpu, shape, all, 'bn1')).rejects.toThrow(message);
    await expect(batchNormBackward(gpu, shape, all, 'bn1')).rejects.toThrow(message);
    await expect(batchNormTrain(gpu, shape, all, 'bn1')).rejects.toThrow(/^bn1: /);
    expect(gpu.pipelines.size).toBe(pipelines);
  });
});
