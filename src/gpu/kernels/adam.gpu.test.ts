import { describe, expect, it } from 'vitest';
import { adam } from './adam.ts';
import { adam as adamRef } from '../../reference/adam.ts';
import { DEFAULT_STEP, packStep, stepSlot, STEP_STRIDE, type StepParams } from '../step-params.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu, uniformBuffer, vec4Padded, vec4Tail } from '../../testing/gpu.ts';
import { vec4Bytes } from '../dispatch.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';

// Each step moves a parameter by about lr (1e-3); the f32 kernel and the float64 reference
// part by a rounding or two of the parameter per step (≈1e-7 each), so 1e-6 catches any
// wrong term while allowing four steps of rounding. m can cancel to near zero and keep the
// rounding of its terms (about 0.1·eps), hence an absolute floor of 1e-7; v never cancels.
const PARAM_TOL = { atol: 1e-6, rtol: 1e-6 };
const MOMENT_TOL = { atol: 1e-7, rtol: 1e-5 };

interface Case {
  name: string;
  count: number;
  /** t of the first of four consecutive steps */
  t0: number;
  hyper?: Partial<StepParams>;
}

const LRS = [1e-3, 1e-3, 5e-4, 2e-3];

const cases: Case[] = [
  { name: 'one parameter', count: 1, t0: 1 },
  { name: '1000 parameters, t from 5000 (bias correction near 1)', count: 1000, t0: 5000 },
  { name: '1000 parameters, β1 0.8, β2 0.99, ε 1e-3', count: 1000, t0: 1, hyper: { beta1: 0.8, beta2: 0.99, eps: 1e-3 } },
  // Past 4096 workgroups × 256: exercises the grid-stride loop.
  { name: '1,100,003 parameters', count: 1_100_003, t0: 1 },
  // One float into the last vec4 (so is 1,100,003, three floats in).
  { name: '1,001 parameters', count: 1001, t0: 1 },
];

function stepsOf(c: Case): StepParams[] {
  return LRS.map((lr, s) => ({ ...DEFAULT_STEP, ...c.hyper, t: c.t0 + s, lr }));
}

function gradients(count: number, steps: number): Float32Array[] {
  // Every 10th gradient exactly zero: at step 1 that makes 0/(0 + ε), which must stay 0.
  return Array.from({ length: steps }, (_, s) => randomF32(count, 60 + s).map((g, i) => (i % 10 === 3 ? 0 : g)));
}

async function runCase(c: Case, software = true) {
  const gpu = { ...(await testGpu()), software };
  const steps = stepsOf(c);
  const grads = gradients(c.count, steps.length);
  const params0 = randomF32(c.count, 51);
  const stepBytes = new ArrayBuffer(steps.length * STEP_STRIDE);
  steps.forEach((p, s) => packStep(p, stepBytes, s * STEP_STRIDE));
  const stepBuffer = uniformBuffer(gpu, stepBytes);
  // Buffers of whole vec4s with a zero tail, as the training plan makes them.
  const params = gpuBuffer(gpu, vec4Padded(params0));
  const m = emptyBuffer(gpu, vec4Bytes(c.count));
  const v = emptyBuffer(gpu, vec4Bytes(c.count));
  const dispatches = [];
  for (let s = 0; s < steps.length; s++) {
    dispatches.push(...(await adam(gpu, c, { params, grads: gpuBuffer(gpu, vec4Padded(grads[s])), m, v, step: stepSlot(stepBuffer, s) })));
  }
  await run(gpu, dispatches);
  // Zero they were, zero they stay.
  for (const b of [params, m, v]) expect(Array.from(await vec4Tail(gpu, b, c.count))).toEqual(new Array((4 - (c.count % 4)) % 4).fill(0));
  const expected = { params: params0.slice(), m: new Float32Array(c.count), v: new Float32Array(c.count) };
  steps.forEach((p, s) => adamRef(expected, grads[s], p));
  return {
    got: { params: await readF32(gpu, params, c.count), m: await readF32(gpu, m, c.count), v: await readF32(gpu, v, c.count) },
    expected,
    params0,
    grads,
  };
}

// Both grids on any adapter: a software adapter's few workgroups (two quads a trip over long
// strides) and a GPU's many.
describe.each([
  { grid: 'software', software: true },
  { grid: 'GPU', software: false },
])('adam kernel ($grid grid) vs reference over four steps with changing t and lr', ({ software }) => {
  it.each(cases)('$name', async (c) => {
    const { got, expected } = await runCase(c, software);
    assertClose(got.m, expected.m, MOMENT_TOL, `${c.name}: m`);
    assertClose(got.v, expected.v, MOMENT_TOL, `${c.name}: v`);
    assertClose(got.params, expected.params, PARAM_TOL, `${c.name}: params`);
  });
});

describe('adam kernel', () => {
  it('the comparison catches a wrong answer (no bias correction)', async () => {
    const c = cases[2];
    const { got, params0, grads } = await runCase(c);
    const uncorrected = { params: params0.slice(), m: new Float32Array(c.count), v: new Float32Array(c.count) };
    // With t huge both corrections are 1: plain lr.
    stepsOf(c).forEach((p, s) => adamRef(uncorrected, grads[s], { ...p, t: 1e6 }));
    expect(findMismatch(got.params, uncorrected.params, PARAM_TOL)).not.toBeNull();
  });

  it('refuses a bad count, or buffers short of whole vec4s, before any GPU work', async () => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    await expect(adam(gpu, { count: 0 }, { params: b, grads: b, m: b, v: b, step: b })).rejects.toThrow(/count must be a positive integer/);
    const whole = emptyBuffer(gpu, 16);
    const short = emptyBuffer(gpu, 12);
    await expect(adam(gpu, { count: 3 }, { params: whole, grads: whole, m: short, v: whole, step: b })).rejects.toThrow(
      'adam: m must hold 3 floats rounded up to whole vec4s (16 bytes), got 12',
    );
  });
});
