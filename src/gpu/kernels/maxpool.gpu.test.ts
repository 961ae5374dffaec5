import { describe, expect, it } from 'vitest';
import { maxPool, maxPoolBackward } from './maxpool.ts';
import { poolGeometry } from '../../model/geometry.ts';
import { maxPool as maxPoolRef, maxPoolBackward as maxPoolBackwardRef } from '../../reference/maxpool.ts';
import { emptyBuffer, gpuBuffer, readF32, readU32, run, testGpu } from '../../testing/gpu.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';
import { EXACT, MAXPOOL_CASES, MAX_BWD_TOL as TOL, TILED_TIES, maxPoolInput as input, type MaxPoolCase } from '../../testing/kernel-cases/pool.ts';
import { activationBackward } from '../../reference/activation.ts';
import type { Activation } from '../../model/activation.ts';

const cases: MaxPoolCase[] = [
  ...MAXPOOL_CASES,
  { name: 'after relu, overlapping 3×3/2 on 2×3×11×9', batch: 2, channels: 3, inH: 11, inW: 9, size: 3, stride: 2, activation: 'relu' },
];

async function runCase(c: MaxPoolCase, undo: Activation | undefined = c.activation) {
  const gpu = await testGpu();
  const { outH, outW } = poolGeometry(c);
  const nIn = c.batch * c.channels * c.inH * c.inW;
  const nOut = c.batch * c.channels * outH * outW;
  const x = input(c);
  const dy = randomF32(nOut, 12);
  const ref = maxPoolRef(x, c);
  // Outputs start as NaN (and an index past any input): an element the forward never writes
  // fails the comparison, even where its answer is 0 (a window of ReLU zeros).
  const out = gpuBuffer(gpu, new Float32Array(nOut).fill(NaN));
  const argmax = gpuBuffer(gpu, new Uint32Array(nOut).fill(0xffffffff));
  // dx starts as garbage: the kernel must overwrite every element, not accumulate.
  const dx = gpuBuffer(gpu, new Float32Array(nIn).fill(123));
  const xBuffer = gpuBuffer(gpu, x);
  const forward = await maxPool(gpu, c, { x: xBuffer, out, argmax });
  const backward = await maxPoolBackward(gpu, { ...c, activation: undo }, { dy: gpuBuffer(gpu, dy), argmax, dx, x: xBuffer });
  await run(gpu, [...forward, ...backward]);
  return {
    out: await readF32(gpu, out, nOut),
    argmax: await readU32(gpu, argmax, nOut),
    dx: await readF32(gpu, dx, nIn),
    ref,
    refDx: activationBackward(maxPoolBackwardRef(dy, ref.argmax, c), x, c.activation ?? 'none'),
  };
}

describe('maxpool kernels vs reference', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCase(c);
    assertClose(r.out, r.ref.out, EXACT, `${c.name}: out`);
    assertClose(r.argmax, r.ref.argmax, EXACT, `${c.name}: argmax`);
    assertClose(r.dx, r.refDx, TOL, `${c.name}: dx`);
  });

  it('the comparison catches a wrong answer (last maximum instead of first)', async () => {
    const c = TILED_TIES;
    const r = await runCase(c);
    // With every value equal, "last wins" points each window at its bottom-right corner.
    const { outH, outW } = poolGeometry(c);
    const lastWins = r.ref.argmax.map((_, o) => {
      const plane = Math.floor(o / (outH * outW));
      const oh = Math.floor(o / outW) % outH;
      const ow = o % outW;
      return (plane * c.inH + oh * c.stride + c.size - 1) * c.inW + ow * c.stride + c.size - 1;
    });
    expect(findMismatch(r.argmax, lastWins, EXACT)).not.toBeNull();
  });

  it('the comparison catches a backward that leaves the activation in place', async () => {
    for (const c of cases.filter((k) => k.activation)) {
      const r = await runCase(c, 'none');
      expect(findMismatch(r.dx, r.refDx, TOL), c.name).not.toBeNull();
    }
  });

  it('refuses bad shapes before any GPU work, naming the field', async () => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    const ok = cases[0];
    await expect(maxPool(gpu, { ...ok, channels: 0 }, { x: b, out: b, argmax: b })).rejects.toThrow(/channels must be a positive integer/);
    await expect(maxPool(gpu, { ...ok, size: 3 }, { x: b, out: b, argmax: b })).rejects.toThrow(/size 3 exceeds inH/);
    await expect(maxPoolBackward(gpu, { ...ok, stride: 1.5 }, { dy: b, argmax: b, dx: b, x: b })).rejects.toThrow(/stride must be/);
    await expect(maxPoolBackward(gpu, { ...ok, activation: 'gelu' as Activation }, { dy: b, argmax: b, dx: b, x: b })).rejects.toThrow(
      /activation must be one of/,
    );
  });
});
