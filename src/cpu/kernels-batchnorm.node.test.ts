// The batch-norm kernels against src/reference/batchnorm.ts on the real wasm, at the cases both
// engines' kernels are tested on (src/testing/kernel-cases/batchnorm.ts) and a block whose rows
// leave a scalar tail; each kernel split over channels into uneven ranges gives the same bits.
import { describe, expect, test } from 'vitest';
import { ACTIVATIONS, activationCode } from '../model/activation.ts';
import type { BatchNormShape } from '../model/op-shapes.ts';
import * as ref from '../reference/batchnorm.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { kernelBench } from '../testing/cpu-kernels.ts';
import { sameBits, splitTwice } from '../testing/cpu-split.ts';
import {
  BATCHNORM_CASES,
  MOMENTUM_0,
  SUM_TOL,
  TOL,
  batchNormExpected as expected,
  batchNormInputs as inputs,
  checkBatchNorm as check,
  saturatingCase,
  type BatchNormCase,
} from '../testing/kernel-cases/batchnorm.ts';

const cases: BatchNormCase[] = [
  ...BATCHNORM_CASES,
  { name: 'conv, batch 5, 3 channels, 3×3 (cnn-bn’s last block, odd rows)', batch: 5, channels: 3, inner: 9, activation: 'relu' },
];

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

// The float64 reference over up to 1.6 M elements takes seconds on a busy machine.
const SLOW_MS = 60_000;

describe('batchnorm kernels vs reference', { timeout: SLOW_MS }, () => {
  test.each(cases)('$name ($activation)', async (c) => {
    const { got, data, splits } = await runAll(c);
    check(got, expected(c, data, got.saved));
    for (const s of splits) expect(s.whole.every((w, i) => sameBits(w, s.split[i]))).toBe(true);
  });

  test.each(ACTIVATIONS)('%s, pre-activations up to ±70', async (activation) => {
    const { c, data } = saturatingCase(activation);
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
    const c = MOMENTUM_0;
    const { got, data } = await runAll(c);
    expect(findMismatch(got.y, ref.batchNormTrain(data.x, data.gamma, data.beta, { ...c, epsilon: 0 }).y, TOL)).not.toBeNull();
    // Momentum 0: the running variance is the batch's, n/(n − 1) times the biased one.
    expect(findMismatch(got.runningVar, ref.batchNormTrain(data.x, data.gamma, data.beta, c).variance, TOL)).not.toBeNull();
  });
});
