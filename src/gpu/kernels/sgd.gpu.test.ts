import { describe, expect, it } from 'vitest';
import { sgd } from './sgd.ts';
import { sgd as sgdRef } from '../../reference/sgd.ts';
import { DEFAULT_STEP, packStep, stepSlot, STEP_STRIDE, type StepParams } from '../step-params.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu, uniformBuffer, vec4Padded, vec4Tail } from '../../testing/gpu.ts';
import { vec4Bytes } from '../dispatch.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';

// Two f32 multiply-adds per element per step against float64: a few ulps of values near 1
// after four steps.
const TOL = { atol: 1e-6, rtol: 1e-6 };

const STEPS: Pick<StepParams, 'lr' | 'momentum'>[] = [
  { lr: 0.1, momentum: 0.9 },
  { lr: 0.05, momentum: 0.9 },
  { lr: 0.02, momentum: 0.5 },
  { lr: 0.1, momentum: 0 },
];

const cases = [
  { name: 'one parameter', count: 1 },
  { name: '1000 parameters', count: 1000 },
  // Past 4096 workgroups × 256: exercises the grid-stride loop.
  { name: '1,100,003 parameters', count: 1_100_003 },
  // One float into the last vec4 (so is 1,100,003, three floats in).
  { name: '1,001 parameters', count: 1001 },
];

async function runCase(count: number) {
  const gpu = await testGpu();
  const grads = STEPS.map((_, s) => randomF32(count, 70 + s));
  const params0 = randomF32(count, 71);
  const stepBytes = new ArrayBuffer(STEPS.length * STEP_STRIDE);
  STEPS.forEach((p, s) => packStep({ ...DEFAULT_STEP, ...p, t: s + 1 }, stepBytes, s * STEP_STRIDE));
  const stepBuffer = uniformBuffer(gpu, stepBytes);
  // Buffers of whole vec4s with a zero tail, as the training plan makes them.
  const params = gpuBuffer(gpu, vec4Padded(params0));
  const velocity = emptyBuffer(gpu, vec4Bytes(count));
  const dispatches = [];
  for (let s = 0; s < STEPS.length; s++) {
    dispatches.push(...(await sgd(gpu, { count }, { params, grads: gpuBuffer(gpu, vec4Padded(grads[s])), velocity, step: stepSlot(stepBuffer, s) })));
  }
  await run(gpu, dispatches);
  // Zero they were, zero they stay.
  for (const b of [params, velocity]) expect(Array.from(await vec4Tail(gpu, b, count))).toEqual(new Array((4 - (count % 4)) % 4).fill(0));
  const expected = { params: params0.slice(), velocity: new Float32Array(count) };
  STEPS.forEach((p, s) => sgdRef(expected, grads[s], p));
  return {
    got: { params: await readF32(gpu, params, count), velocity: await readF32(gpu, velocity, count) },
    expected,
    params0,
    grads,
  };
}

describe('sgd kernel vs reference over four steps with changing lr and momentum', () => {
  it.each(cases)('$name', async ({ name, count }) => {
    const { got, expected } = await runCase(count);
    assertClose(got.velocity, expected.velocity, TOL, `${name}: velocity`);
    assertClose(got.params, expected.params, TOL, `${name}: params`);
  });

  it('the comparison catches a wrong answer (momentum ignored)', async () => {
    const { got, params0, grads } = await runCase(1000);
    const plain = { params: params0.slice(), velocity: new Float32Array(1000) };
    STEPS.forEach((p, s) => sgdRef(plain, grads[s], { ...p, momentum: 0 }));
    expect(findMismatch(got.params, plain.params, TOL)).not.toBeNull();
  });

  it('refuses a bad count, or buffers short of whole vec4s, before any GPU work', async () => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    await expect(sgd(gpu, { count: -1 }, { params: b, grads: b, velocity: b, step: b })).rejects.toThrow(/count must be a positive integer/);
    await expect(sgd(gpu, { count: 5 }, { params: emptyBuffer(gpu, 20), grads: b, velocity: b, step: b })).rejects.toThrow(
      'sgd: params must hold 5 floats rounded up to whole vec4s (32 bytes), got 20',
    );
  });
});
