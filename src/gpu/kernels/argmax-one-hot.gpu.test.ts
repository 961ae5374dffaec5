import { describe, expect, it } from 'vitest';
import { argmaxOneHot } from './argmax-one-hot.ts';
import { argmaxOneHot as argmaxOneHotRef } from '../../reference/argmax-one-hot.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu } from '../../testing/gpu.ts';
import { assertClose } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';

// A comparison and a store of 0 or 1: exact.
const EXACT = { atol: 0, rtol: 0 };

const cases = [
  { name: 'one image, 10 classes', batch: 1, classes: 10, ties: false },
  // Rows past one workgroup of 64, and a class count that is not a power of two.
  { name: '70 rows, 7 classes', batch: 70, classes: 7, ties: false },
  // Integer logits in 0..2: most rows tie, and the first largest must win, as the prediction's does.
  { name: '50 rows, 10 classes, ties', batch: 50, classes: 10, ties: true },
];

describe('argmax-one-hot kernel vs reference', () => {
  it.each(cases)('$name', async ({ batch, classes, ties }) => {
    const gpu = await testGpu();
    const logits = randomF32(batch * classes, 41, -5, 5).map((v) => (ties ? Math.floor((v + 5) / 4) : v));
    const seed = emptyBuffer(gpu, batch * classes * 4);
    await run(gpu, await argmaxOneHot(gpu, { batch, classes }, { logits: gpuBuffer(gpu, logits), seed }));
    const got = await readF32(gpu, seed, batch * classes);
    const expected = argmaxOneHotRef(logits, batch, classes);
    assertClose(got, expected, EXACT, 'one-hot seed');
    // Every row has exactly one 1.
    for (let b = 0; b < batch; b++) expect(got.subarray(b * classes, (b + 1) * classes).reduce((s, v) => s + v, 0)).toBe(1);
  });
});
