import { describe, expect, it } from 'vitest';
import { gather, type GatherShape } from './gather.ts';
import { gather as gatherRef, type GatherAugment } from '../../reference/gather.ts';
import { sampleShift } from '../../model/augment.ts';
import { DEFAULT_STEP, packStep } from '../step-params.ts';
import { emptyBuffer, gpuBuffer, readF32, readU32, run, testGpu, uniformBuffer } from '../../testing/gpu.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { rng } from '../../base/random.ts';

// byte / 255 in f32: WGSL allows division 2.5 ulps off, and pixels are at most 1.
const X_TOL = { atol: 3e-7, rtol: 0 };
const EXACT = { atol: 0, rtol: 0 };
// A warp's source points are computed in f32 here and f64 in the reference: some 1e-6 px apart
// at 14 px from the centre, and a bilinear read moves by at most the step between neighbours.
const WARP_TOL = { atol: 2e-5, rtol: 0 };

type Case = GatherShape & { name: string; cursor: number; augment?: GatherAugment };

const cases: Case[] = [
  { name: 'batch 1 of 5 MNIST-sized images', batch: 1, pixels: 784, count: 5, width: 28, cursor: 4 },
  { name: 'batch 7, 13 pixels (not a multiple of 4), wraps past the end', batch: 7, pixels: 13, count: 11, width: 13, cursor: 8 },
  { name: 'batch 3 of 5 single-pixel images', batch: 3, pixels: 1, count: 5, width: 1, cursor: 1 },
  { name: 'batch 256 of 1001 MNIST-sized images, wraps', batch: 256, pixels: 784, count: 1001, width: 28, cursor: 900 },
  { name: 'shifted by up to 2 px, MNIST-sized', batch: 64, pixels: 784, count: 300, width: 28, cursor: 17, augment: { shift: 2, t: 7, seed: 3 } },
  {
    name: 'shifted by up to 3 px, 5×3 images (odd sizes)',
    batch: 9,
    pixels: 15,
    count: 20,
    width: 5,
    cursor: 2,
    augment: { shift: 3, t: 123456, seed: 0xffffffff },
  },
  {
    name: 'turned by up to 0.3 rad, scaled by 1 ± 0.15 and shifted by up to 2 px, MNIST-sized',
    batch: 64,
    pixels: 784,
    count: 300,
    width: 28,
    cursor: 5,
    augment: { shift: 2, rotate: 0.3, zoom: 0.15, t: 11, seed: 4 },
  },
  {
    name: 'turned by up to 45° and scaled, no shift, 7×5 images (odd sizes)',
    batch: 9,
    pixels: 35,
    count: 20,
    width: 7,
    cursor: 3,
    augment: { shift: 0, rotate: Math.PI / 4, zoom: 0.5, t: 2, seed: 77 },
  },
];
const shifted = cases.filter((c) => c.augment);
const warped = cases.filter((c) => c.augment?.rotate);
const tolerance = (c: Case) => (c.augment?.rotate ? WARP_TOL : X_TOL);

function dataset({ pixels, count }: GatherShape) {
  const r = rng(pixels * 7 + count);
  const images = Uint8Array.from({ length: count * pixels }, () => Math.floor(r() * 256));
  // Make sure both ends of the byte range appear.
  images[0] = 255;
  images[images.length - 1] = 0;
  const labels = Uint8Array.from({ length: count }, () => Math.floor(r() * 10));
  // A Fisher–Yates shuffle, as an epoch's order.
  const indices = Uint32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const k = Math.floor(r() * (i + 1));
    [indices[i], indices[k]] = [indices[k], indices[i]];
  }
  return { images, labels, indices };
}

async function runCase(c: Case) {
  const gpu = await testGpu();
  const { images, labels, indices } = dataset(c);
  const x = emptyBuffer(gpu, c.batch * c.pixels * 4);
  const y = emptyBuffer(gpu, c.batch * 4);
  const step = uniformBuffer(gpu, packStep({ ...DEFAULT_STEP, cursor: c.cursor, ...c.augment }));
  const buffers = { images: gpuBuffer(gpu, images), labels: gpuBuffer(gpu, labels), indices: gpuBuffer(gpu, indices), x, y, step };
  await run(gpu, await gather(gpu, c, buffers));
  return {
    got: { x: await readF32(gpu, x, c.batch * c.pixels), y: await readU32(gpu, y, c.batch) },
    expected: gatherRef(images, labels, indices, c.cursor, c, c.augment),
  };
}

describe('gather kernel vs reference', () => {
  it.each(cases)('$name', async (c) => {
    const { got, expected } = await runCase(c);
    assertClose(got.x, expected.x, tolerance(c), `${c.name}: x`);
    assertClose(got.y, expected.y, EXACT, `${c.name}: y`);
  });

  it('the comparison catches a wrong answer (cursor ignored)', async () => {
    const c = cases[1];
    const { got } = await runCase(c);
    const { images, labels, indices } = dataset(c);
    const fromZero = gatherRef(images, labels, indices, 0, c);
    expect(findMismatch(got.x, fromZero.x, X_TOL)).not.toBeNull();
  });

  it('the comparison catches a wrong answer (augmentation ignored)', async () => {
    const c = shifted[0];
    const { got } = await runCase(c);
    const { images, labels, indices } = dataset(c);
    const unshifted = gatherRef(images, labels, indices, c.cursor, c);
    expect(findMismatch(got.x, unshifted.x, X_TOL)).not.toBeNull();
  });

  it('the comparison catches a wrong answer (warp ignored, or turned the other way)', async () => {
    const c = warped[0];
    const { got } = await runCase(c);
    const { images, labels, indices } = dataset(c);
    const augment = c.augment!;
    const shiftedOnly = gatherRef(images, labels, indices, c.cursor, c, { ...augment, rotate: 0, zoom: 0 });
    expect(findMismatch(got.x, shiftedOnly.x, WARP_TOL)).not.toBeNull();
    const reversed = gatherRef(images, labels, indices, c.cursor, c, { ...augment, rotate: -augment.rotate! });
    expect(findMismatch(got.x, reversed.x, WARP_TOL)).not.toBeNull();
  });

  it('shifts differ from step to step and cover the whole range', () => {
    const c = shifted[0];
    const seen = new Set<string>();
    let moved = 0;
    for (let t = 1; t <= 4; t++) {
      for (let b = 0; b < c.batch; b++) {
        const [dx, dy] = sampleShift(b, t, 1, 2);
        expect(Math.abs(dx)).toBeLessThanOrEqual(2);
        expect(Math.abs(dy)).toBeLessThanOrEqual(2);
        seen.add(`${dx},${dy}`);
        if (sampleShift(b, t, 1, 2).join() !== sampleShift(b, t + 1, 1, 2).join()) moved++;
      }
    }
    expect(seen.size).toBe(25);
    expect(moved).toBeGreaterThan(c.batch * 3);
  });

  it('refuses bad shapes before any GPU work, naming the field', async () => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    const buffers = { images: b, labels: b, indices: b, x: b, y: b, step: b };
    await expect(gather(gpu, { batch: 1, pixels: 0, count: 1, width: 1 }, buffers)).rejects.toThrow(/pixels must be a positive integer/);
    await expect(gather(gpu, { batch: 1, pixels: 784, count: 6e6, width: 28 }, buffers)).rejects.toThrow(/count·pixels/);
    await expect(gather(gpu, { batch: 1, pixels: 784, count: 1, width: 27 }, buffers)).rejects.toThrow(/not a whole number of rows of width 27/);
  });
});
