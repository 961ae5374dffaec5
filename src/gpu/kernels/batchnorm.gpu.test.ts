import { describe, expect, it } from 'vitest';
import { batchNormBackward, batchNormEval, batchNormSavedLength, batchNormTrain, type BatchNormShape } from './batchnorm.ts';
import * as ref from '../../reference/batchnorm.ts';
import { ACTIVATIONS } from '../../model/activation.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu } from '../../testing/gpu.ts';
import { findMismatch } from '../../testing/close.ts';
import {
  BATCHNORM_CASES,
  MOMENTUM_0,
  TOL,
  batchNormExpected as expected,
  batchNormInputs as inputs,
  checkBatchNorm as check,
  saturatingCase,
  type BatchNormCase,
} from '../../testing/kernel-cases/batchnorm.ts';
import type { GpuHost } from '../context.ts';

// Per-channel sums run serially up to 1024 terms (batch·inner), as a workgroup reduction above:
// the longest serial sum here, the shortest reduction (batch 1025) among the shared cases.
const cases: BatchNormCase[] = [
  ...BATCHNORM_CASES,
  { name: 'dense, batch 1024, 70 features (serial, longest)', batch: 1024, channels: 70, inner: 1, activation: 'none' },
  { name: 'conv, batch 64, 32 channels, 26×26', batch: 64, channels: 32, inner: 676, activation: 'sigmoid' },
];

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
  it.each(ACTIVATIONS)('%s, pre-activations up to ±70', async (activation) => {
    const { c, data } = saturatingCase(activation);
    const { got } = await runAll(c, await testGpu(), data);
    check(got, expected(c, data, got.saved));
  });
});

describe('batchnorm checks', () => {
  it('the comparison catches a wrong answer: epsilon left out, biased running variance, dx without its variance term', async () => {
    const c = MOMENTUM_0;
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
