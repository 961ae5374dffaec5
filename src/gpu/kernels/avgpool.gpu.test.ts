import { describe, expect, it } from 'vitest';
import { avgPool, avgPoolBackward } from './avgpool.ts';
import { avgPoolGeometry } from '../../model/geometry.ts';
import { PipelineCache } from '../pipelines.ts';
import { avgPool as avgPoolRef, avgPoolBackward as avgPoolBackwardRef } from '../../reference/avgpool.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu } from '../../testing/gpu.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';
import {
  AVG_BWD_TOL as BWD_TOL,
  AVG_FWD_TOL as FWD_TOL,
  AVGPOOL_CASES,
  GLOBAL_AVGPOOL_CASES,
  OVERLAPPING_AVG,
  type AvgPoolCase,
} from '../../testing/kernel-cases/pool.ts';

const cases: AvgPoolCase[] = [...AVGPOOL_CASES, ...GLOBAL_AVGPOOL_CASES];

// Every case runs both ways on any adapter: as a real GPU would (forwardReduce for wide windows)
// and as a software adapter would (one invocation per window, fewer workgroups).
const variants = [
  { variant: 'hardware', software: false },
  { variant: 'software', software: true },
];

async function runCase(c: AvgPoolCase, software: boolean) {
  const gpu = { ...(await testGpu()), software };
  const { outH, outW } = avgPoolGeometry(c);
  const nIn = c.batch * c.channels * c.inH * c.inW;
  const nOut = c.batch * c.channels * outH * outW;
  const x = randomF32(nIn, 21);
  const dy = randomF32(nOut, 22);
  // Both outputs start as NaN: an element the kernels skip or accumulate into fails the comparison.
  const out = gpuBuffer(gpu, new Float32Array(nOut).fill(NaN));
  const dx = gpuBuffer(gpu, new Float32Array(nIn).fill(NaN));
  const forward = await avgPool(gpu, c, { x: gpuBuffer(gpu, x), out });
  const backward = await avgPoolBackward(gpu, c, { dy: gpuBuffer(gpu, dy), dx });
  await run(gpu, [...forward, ...backward]);
  return {
    out: await readF32(gpu, out, nOut),
    dx: await readF32(gpu, dx, nIn),
    refOut: avgPoolRef(x, c),
    refDx: avgPoolBackwardRef(dy, c),
  };
}

describe.each(variants)('avgpool kernels ($variant) vs reference', ({ software }) => {
  it.each(cases)('$name', async (c) => {
    const r = await runCase(c, software);
    assertClose(r.out, r.refOut, FWD_TOL, `${c.name}: out`);
    assertClose(r.dx, r.refDx, BWD_TOL, `${c.name}: dx`);
  });
});

describe('avgpool kernels', () => {
  it('the comparison catches a wrong answer (a sum instead of a mean, a gradient not divided)', async () => {
    const c = OVERLAPPING_AVG;
    const r = await runCase(c, false);
    const area = c.winH * c.winW;
    expect(
      findMismatch(
        r.out,
        r.refOut.map((v) => v * area),
        FWD_TOL,
      ),
    ).not.toBeNull();
    expect(
      findMismatch(
        r.dx,
        r.refDx.map((v) => v * area),
        BWD_TOL,
      ),
    ).not.toBeNull();
  });

  it('refuses bad shapes before any GPU work, naming the field', async () => {
    const shared = await testGpu();
    // A cache of its own: a refusal must not have compiled anything into it.
    const gpu = { ...shared, pipelines: new PipelineCache(shared.device) };
    const b = emptyBuffer(gpu, 4);
    const ok = cases[0];
    await expect(avgPool(gpu, { ...ok, channels: 0 }, { x: b, out: b })).rejects.toThrow(/channels must be a positive integer/);
    await expect(avgPool(gpu, { ...ok, winH: 3 }, { x: b, out: b })).rejects.toThrow(/winH 3 exceeds inH 2/);
    await expect(avgPool(gpu, { ...ok, winW: 3 }, { x: b, out: b })).rejects.toThrow(/winW 3 exceeds inW 2/);
    await expect(avgPoolBackward(gpu, { ...ok, strideW: 1.5 }, { dy: b, dx: b })).rejects.toThrow(/strideW must be/);
    await expect(avgPoolBackward(gpu, { ...ok, inH: NaN }, { dy: b, dx: b })).rejects.toThrow(/inH must be/);
    expect(gpu.pipelines.size).toBe(0);
  });
});
