import { describe, expect, it } from 'vitest';
import { adam } from './adam.ts';
import { adam as adamRef } from '../../reference/adam.ts';
import { DEFAULT_STEP, packStep, stepSlot, STEP_STRIDE, type StepParams } from '../step-params.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu, uniformBuffer } from '../../testing/gpu.ts';
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
  /** Buffers rounded up to whole vec4s with a zero tail, as the training plan makes them. */
  padded?: boolean;
}

const LRS = [1e-3, 1e-3, 5e-4, 2e-3];

const cases: Case[] = [
  { name: 'one parameter', count: 1, t0: 1 },
  { name: '1000 parameters, t from 5000 (bias correction near 1)', count: 1000, t0: 5000 },
  { name: '1000 parameters, β1 0.8, β2 0.99, ε 1e-3', count: 1000, t0: 1, hyper: { beta1: 0.8, beta2: 0.99, eps: 1e-3 } },
  // Past 4096 workgroups × 256: exercises the grid-stride loop.
  { name: '1,100,003 parameters', count: 1_100_003, t0: 1 },
  // The vec4 entry point (so are the cases of 1000 above); these stop one float into a vec4.
  { name: '1,001 parameters in buffers of whole vec4s', count: 1001, t0: 1, padded: true },
  { name: '1,100,003 parameters in buffers of whole vec4s', count: 1_100_003, t0: 3, padded: true },
];

function stepsOf(c: Case): StepParams[] {
  return LRS.map((lr, s) => ({ ...DEFAULT_STEP, ...c.hyper, t: c.t0 + s, lr }));
}

function gradients(count: number, steps: number): Float32Array[] {
  // Every 10th gradient exactly zero: at step 1 that makes 0/(0 + ε), which must stay 0.
  return Array.from({ length: steps }, (_, s) => randomF32(count, 60 + s).map((g, i) => (i % 10 === 3 ? 0 : g)));
}

async function runCase(c: Case) {
  const gpu = await testGpu();
  const steps = stepsOf(c);
  const grads = gradients(c.count, steps.length);
  const params0 = randomF32(c.count, 51);
  const stepBytes = new ArrayBuffer(steps.length * STEP_STRIDE);
  steps.forEach((p, s) => packStep(p, stepBytes, s * STEP_STRIDE));
  const stepBuffer = uniformBuffer(gpu, stepBytes);
  const floats = c.padded ? Math.ceil(c.count / 4) * 4 : c.count;
  const withTail = (a: Float32Array) => {
    const out = new Float32Array(floats);
    out.set(a);
    return out;
  };
  const params = gpuBuffer(gpu, withTail(params0));
  const m = emptyBuffer(gpu, floats * 4);
  const v = emptyBuffer(gpu, floats * 4);
  const dispatches = [];
  for (let s = 0; s < steps.length; s++) {
    dispatches.push(...(await adam(gpu, c, { params, grads: gpuBuffer(gpu, withTail(grads[s])), m, v, step: stepSlot(stepBuffer, s) })));
  }
  await run(gpu, dispatches);
  // The floats past the count are the vec4 path's tail: zero they were, zero they stay.
  for (const b of [params, m, v]) expect((await readF32(gpu, b, floats)).slice(c.count)).toEqual(new Float32Array(floats - c.count));
  const expected = { params: params0.slice(), m: new Float32Array(c.count), v: new Float32Array(c.count) };
  steps.forEach((p, s) => adamRef(expected, grads[s], p));
  return {
    got: { params: await readF32(gpu, params, c.count), m: await readF32(gpu, m, c.count), v: await readF32(gpu, v, c.count) },
    expected,
    params0,
    grads,
  };
}

describe('adam kernel vs reference over four steps with changing t and lr', () => {
  it.each(cases)('$name', async (c) => {
    const { got, expected } = await runCase(c);
    assertClose(got.m, expected.m, MOMENT_TOL, `${c.name}: m`);
    assertClose(got.v, expected.v, MOMENT_TOL, `${c.name}: v`);
    assertClose(got.params, expected.params, PARAM_TOL, `${c.name}: params`);
  });

  it('the comparison catches a wrong answer (no bias correction)', async () => {
    const c = cases[2];
    const { got, params0, grads } = await runCase(c);
    const uncorrected = { params: params0.slice(), m: new Float32Array(c.count), v: new Float32Array(c.count) };
    // With t huge both corrections are 1: plain lr.
    stepsOf(c).forEach((p, s) => adamRef(uncorrected, grads[s], { ...p, t: 1e6 }));
    expect(findMismatch(got.params, uncorrected.params, PARAM_TOL)).not.toBeNull();
  });

  it('refuses a bad count before any GPU work', async () => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    await expect(adam(gpu, { count: 0 }, { params: b, grads: b, m: b, v: b, step: b })).rejects.toThrow(/count must be a positive integer/);
  });
});
