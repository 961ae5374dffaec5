import { describe, expect, it } from 'vitest';
import { reluBackward } from './relu-backward.ts';
import { reluBackward as reluBackwardRef } from '../../reference/relu-backward.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu } from '../../testing/gpu.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';

// A mask: every element either passes unchanged or becomes zero, so the result is exact.
const EXACT = { atol: 0, rtol: 0 };

const counts = [
  { name: 'one element', count: 1 },
  { name: '1000 (not a multiple of 256)', count: 1000 },
  // More than 4096 workgroups × 256: the grid-stride loop goes round.
  { name: 'conv activation 50×32×26×26 + 3', count: 50 * 32 * 26 * 26 + 3 },
];

async function runCase(count: number) {
  const gpu = await testGpu();
  // act is a ReLU output: about half exact zeros, the rest positive.
  const act = randomF32(count, 21).map((v) => Math.max(0, v));
  const grad = randomF32(count, 22);
  const gradBuffer = gpuBuffer(gpu, grad);
  await run(gpu, await reluBackward(gpu, { count }, { act: gpuBuffer(gpu, act), grad: gradBuffer }));
  return { got: await readF32(gpu, gradBuffer, count), act, grad };
}

describe('relu-backward kernel vs reference', () => {
  it.each(counts)('$name', async ({ name, count }) => {
    const { got, act, grad } = await runCase(count);
    assertClose(got, reluBackwardRef(grad, act), EXACT, name);
  });

  it('the comparison catches a wrong answer (mask not applied)', async () => {
    const { got, grad } = await runCase(1000);
    expect(findMismatch(got, grad, EXACT)).not.toBeNull();
  });

  it('refuses a zero count before any GPU work', async () => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    await expect(reluBackward(gpu, { count: 0 }, { act: b, grad: b })).rejects.toThrow(/count must be a positive integer/);
  });
});
