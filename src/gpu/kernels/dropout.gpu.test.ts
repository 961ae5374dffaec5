import { describe, expect, it } from 'vitest';
import { dropout, dropoutBackward, type DropoutShape } from './dropout.ts';
import { dropout as dropoutRef, dropoutBackward as dropoutBackwardRef } from '../../reference/dropout.ts';
import { DEFAULT_STEP, STEP_STRIDE, packStep, stepSlot } from '../step-params.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu, uniformBuffer } from '../../testing/gpu.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';
import type { GpuHost } from '../context.ts';

// The mask is an integer comparison and kept values are one correctly rounded f32 multiply:
// the GPU must match the reference bit for bit.
const EXACT = { atol: 0, rtol: 0 };

interface Draw {
  t: number;
  seed: number;
}

type Case = DropoutShape & Draw & { name: string };

const cases: Case[] = [
  { name: 'one element', batch: 1, units: 1, rate: 0.5, salt: 0, t: 1, seed: 0 },
  { name: 'batch 3 × 1000 units (not a multiple of 256), rate 0.5', batch: 3, units: 1000, rate: 0.5, salt: 1, t: 7, seed: 3 },
  { name: 'batch 7 × 13, rate 0.9, all-ones t, seed and salt', batch: 7, units: 13, rate: 0.9, salt: 0xffffffff, t: 0xffffffff, seed: 0xffffffff },
  { name: 'batch 33 × 784, rate 0.1', batch: 33, units: 784, rate: 0.1, salt: 12345, t: 100, seed: 42 },
  // 1,280,000 elements: more than 4096 workgroups × 256, so the grid-stride loop goes round.
  { name: 'batch 64 × 20000 units, rate 0.3', batch: 64, units: 20000, rate: 0.3, salt: 2, t: 9, seed: 8 },
];

/** A step uniform buffer with one slot per draw. */
function stepBuffer(gpu: GpuHost, draws: readonly Draw[]): GPUBuffer {
  const data = new ArrayBuffer(STEP_STRIDE * draws.length);
  draws.forEach((d, i) => packStep({ ...DEFAULT_STEP, t: d.t, seed: d.seed }, data, i * STEP_STRIDE));
  return uniformBuffer(gpu, data);
}

/** Forward on x and backward on dy for each draw, in one submit; returns the outputs per draw. */
async function runDraws(shape: DropoutShape, draws: readonly Draw[], x: Float32Array, dy: Float32Array) {
  const gpu = await testGpu();
  const n = shape.batch * shape.units;
  const xBuf = gpuBuffer(gpu, x);
  const dyBuf = gpuBuffer(gpu, dy);
  const steps = stepBuffer(gpu, draws);
  const outs = draws.map(() => ({
    // Garbage to start with: the kernels must overwrite every element, dropped ones too.
    y: gpuBuffer(gpu, new Float32Array(n).fill(123)),
    dx: gpuBuffer(gpu, new Float32Array(n).fill(123)),
  }));
  const dispatches = [];
  for (let k = 0; k < draws.length; k++) {
    const step = stepSlot(steps, k);
    dispatches.push(...(await dropout(gpu, shape, { x: xBuf, y: outs[k].y, step })));
    dispatches.push(...(await dropoutBackward(gpu, shape, { dy: dyBuf, dx: outs[k].dx, step })));
  }
  await run(gpu, dispatches);
  return Promise.all(outs.map(async (o) => ({ y: await readF32(gpu, o.y, n), dx: await readF32(gpu, o.dx, n) })));
}

async function runCase(c: Case, x = randomF32(c.batch * c.units, 21), dy = randomF32(c.batch * c.units, 22)) {
  const [got] = await runDraws(c, [c], x, dy);
  return { ...got, x, dy };
}

function keptCount(y: Float32Array): number {
  return y.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
}

describe('dropout kernels vs reference', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCase(c);
    assertClose(r.y, dropoutRef(r.x, c, c.t, c.seed), EXACT, `${c.name}: y`);
    assertClose(r.dx, dropoutBackwardRef(r.dy, c, c.t, c.seed), EXACT, `${c.name}: dx`);
  });

  it('the comparison catches a wrong answer (another step’s mask, or no scaling)', async () => {
    const c = cases[1];
    const r = await runCase(c);
    expect(findMismatch(r.y, dropoutRef(r.x, c, c.t + 1, c.seed), EXACT)).not.toBeNull();
    expect(findMismatch(r.dx, dropoutBackwardRef(r.dy, { ...c, salt: c.salt + 1 }, c.t, c.seed), EXACT)).not.toBeNull();
    const unscaled = dropoutRef(r.x, c, c.t, c.seed).map((v) => v * (1 - c.rate));
    expect(findMismatch(r.y, unscaled, EXACT)).not.toBeNull();
  });

  it('backward uses the forward pass’s mask', async () => {
    const c = cases[3];
    const x = randomF32(c.batch * c.units, 5, 0.5, 1.5);
    const r = await runCase(c, x, x);
    assertClose(r.dx, r.y, EXACT);
  });

  it('different t, seed and salt draw different masks; the same ones draw the same mask', async () => {
    const shape: DropoutShape = { batch: 4, units: 500, rate: 0.5, salt: 3 };
    const n = shape.batch * shape.units;
    // Nonzero inputs, so an output is 0 exactly where the unit was dropped.
    const x = randomF32(n, 6, 0.5, 1.5);
    const draws: Draw[] = [
      { t: 1, seed: 0 },
      { t: 2, seed: 0 },
      { t: 1, seed: 1 },
      { t: 1, seed: 0 },
    ];
    const [a, b, c, again] = await runDraws(shape, draws, x, x);
    const [salted] = await runDraws({ ...shape, salt: 4 }, [draws[0]], x, x);
    const mask = (y: Float32Array) => y.map((v) => (v !== 0 ? 1 : 0));
    // Independent fair masks agree on about half the units (σ ≈ 0.011 over 2000).
    const agreement = (p: Float32Array, q: Float32Array) => mask(p).filter((k, e) => k === mask(q)[e]).length / n;
    for (const other of [b, c, salted]) expect(Math.abs(agreement(a.y, other.y) - 0.5)).toBeLessThan(0.06);
    assertClose(again.y, a.y, EXACT, 'same draw');
    draws.forEach((d, k) => assertClose([a, b, c, again][k].y, dropoutRef(x, shape, d.t, d.seed), EXACT, `draw ${k}`));
    assertClose(salted.y, dropoutRef(x, { ...shape, salt: 4 }, 1, 0), EXACT, 'salt 4');
  });

  it('rate 0 is the identity', async () => {
    const c: Case = { name: 'rate 0', batch: 5, units: 301, rate: 0, salt: 1, t: 3, seed: 4 };
    const r = await runCase(c);
    assertClose(r.y, r.x, EXACT, 'y');
    assertClose(r.dx, r.dy, EXACT, 'dx');
  });

  it.each([0.5, 0.1])('rate %f keeps 1 − rate of the units (within 4σ), each scaled by 1/(1 − rate)', async (rate) => {
    const c: Case = { name: `rate ${rate}`, batch: 16, units: 3000, rate, salt: 11, t: 17, seed: 5 };
    const n = c.batch * c.units;
    const x = randomF32(n, 7, 0.5, 1.5);
    const { y } = await runCase(c, x);
    const kept = keptCount(y) / n;
    expect(Math.abs(kept - (1 - rate))).toBeLessThan(4 * Math.sqrt((rate * (1 - rate)) / n));
    for (let e = 0; e < n; e++) {
      // Relative error: one f32 rounding of the scale and one of the product, 2^-24 each.
      if (y[e] !== 0) expect(Math.abs((y[e] / x[e]) * (1 - rate) - 1)).toBeLessThan(1.3e-7);
    }
  });

  it('refuses bad shapes before any GPU work, naming the field', async () => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    const step = stepSlot(stepBuffer(gpu, [{ t: 1, seed: 0 }]), 0);
    const ok: DropoutShape = { batch: 1, units: 1, rate: 0.5, salt: 0 };
    const fwd = { x: b, y: b, step };
    const bwd = { dy: b, dx: b, step };
    const pipelines = gpu.pipelines.size;
    await expect(dropout(gpu, { ...ok, rate: 0.95 }, fwd)).rejects.toThrow(/rate must be in \[0, 0.9\], got 0.95/);
    await expect(dropout(gpu, { ...ok, rate: -0.01 }, fwd)).rejects.toThrow(/rate must be in/);
    await expect(dropoutBackward(gpu, { ...ok, rate: NaN }, bwd)).rejects.toThrow(/rate must be in .*got NaN/);
    await expect(dropout(gpu, { ...ok, units: 0 }, fwd)).rejects.toThrow(/units must be a positive integer/);
    await expect(dropoutBackward(gpu, { ...ok, batch: 1.5 }, bwd)).rejects.toThrow(/batch must be a positive integer/);
    await expect(dropout(gpu, { ...ok, salt: 2 ** 32 }, fwd)).rejects.toThrow(/salt must be/);
    await expect(dropout(gpu, { ...ok, batch: 65536, units: 65536 }, fwd)).rejects.toThrow(/batch·units/);
    expect(gpu.pipelines.size).toBe(pipelines);
  });
});
