import { describe, expect, it } from 'vitest';
import { biasGrad, type BiasGradShape } from './bias-grad.ts';
import { biasGrad as biasGradRef } from '../../reference/bias-grad.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu } from '../../testing/gpu.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';

// f32 sums of up to 200,704 terms in [-1, 1] against a float64 reference. The rounding error
// follows the partial sums (hundreds here), not the result, which may be near zero: 2.4e-4 was
// measured on the largest case, so atol 1e-3; rtol covers the small cases (about 1e-7 relative).
const TOL = { atol: 1e-3, rtol: 1e-5 };

const cases: (BiasGradShape & { name: string })[] = [
  { name: 'one element', outer: 1, channels: 1, inner: 1 },
  { name: 'dense, batch 1, 10 units', outer: 1, channels: 10, inner: 1 },
  { name: 'dense, batch 67, 130 units', outer: 67, channels: 130, inner: 1 },
  { name: 'conv, batch 3, 5 channels, 13×13', outer: 3, channels: 5, inner: 169 },
  { name: 'conv, batch 256, 3 channels, 28×28', outer: 256, channels: 3, inner: 784 },
  // Sums of up to 1024 terms run serially per channel, longer ones as a workgroup reduction,
  // except rows of channels (inner 1), which run serially at any length.
  { name: 'dense, batch 1024, 70 units (serial)', outer: 1024, channels: 70, inner: 1 },
  { name: 'the rnn’s gates, 1792 rows × 512 (serial, long)', outer: 1792, channels: 512, inner: 1 },
  { name: 'conv, 205 × 3 channels × 5 (reduction, shortest)', outer: 205, channels: 3, inner: 5 },
];

async function runCase(c: BiasGradShape) {
  const gpu = await testGpu();
  const dy = randomF32(c.outer * c.channels * c.inner, 31);
  // db starts as garbage: the kernel must overwrite, not accumulate.
  const db = gpuBuffer(gpu, new Float32Array(c.channels).fill(7));
  await run(gpu, await biasGrad(gpu, c, { dy: gpuBuffer(gpu, dy), db }));
  return { got: await readF32(gpu, db, c.channels), dy };
}

describe('bias-grad kernel vs reference', () => {
  it.each(cases)('$name', async (c) => {
    const { got, dy } = await runCase(c);
    assertClose(got, biasGradRef(dy, c), TOL, c.name);
  });

  it('the comparison catches a wrong answer (channels and inner swapped)', async () => {
    const c = cases[3];
    const { got, dy } = await runCase(c);
    const swapped = biasGradRef(dy, { outer: c.outer, channels: c.inner, inner: c.channels });
    expect(findMismatch(got, swapped.subarray(0, c.channels), TOL)).not.toBeNull();
  });

  it('refuses bad shapes before any GPU work, naming the field', async () => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    await expect(biasGrad(gpu, { outer: 1, channels: 1, inner: 0 }, { dy: b, db: b })).rejects.toThrow(/inner must be a positive integer/);
    await expect(biasGrad(gpu, { outer: -2, channels: 1, inner: 1 }, { dy: b, db: b })).rejects.toThrow(/outer must be/);
  });
});
