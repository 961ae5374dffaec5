import { describe, expect, it } from 'vitest';
import { maxPool, maxPoolBackward } from './maxpool.ts';
import { poolGeometry, type PoolShape } from '../../model/geometry.ts';
import { maxPool as maxPoolRef, maxPoolBackward as maxPoolBackwardRef } from '../../reference/maxpool.ts';
import { emptyBuffer, gpuBuffer, readF32, readU32, run, testGpu } from '../../testing/gpu.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';
import { activate, activationBackward } from '../../reference/activation.ts';
import type { Activation } from '../../model/activation.ts';

// The forward pass copies values and indices: exact. The backward sums at most
// ceil(size/stride)² gradients per input, in a different order than the reference: 1e-6.
const EXACT = { atol: 0, rtol: 0 };
const TOL = { atol: 1e-6, rtol: 1e-6 };

type Case = PoolShape & { name: string; ties?: boolean; activation?: Activation };

const cases: Case[] = [
  { name: 'batch 1, one 2×2 window', batch: 1, channels: 1, inH: 2, inW: 2, size: 2, stride: 2 },
  // 1,081,600 inputs: more than 4096 workgroups × 256, so the grid-stride loops go round.
  { name: 'conv output 50×32×26×26, 2×2/2', batch: 50, channels: 32, inH: 26, inW: 26, size: 2, stride: 2 },
  // 69,632 rows of one window: past the 256 × 256 invocations a software adapter gets, so the
  // row loops of forward and backwardTiles go round there.
  { name: 'many short rows 64×64×34×2, 2×2/2', batch: 64, channels: 64, inH: 34, inW: 2, size: 2, stride: 2 },
  { name: 'odd 1×7×7×9, 2×2/2 drops the last row and column', batch: 1, channels: 7, inH: 7, inW: 9, size: 2, stride: 2 },
  { name: 'exact 3×3/3 tiling on 2×2×9×12 with ties', batch: 2, channels: 2, inH: 9, inW: 12, size: 3, stride: 3, ties: true },
  { name: 'non-overlapping 3×3/3 on 2×2×10×8 with ties, leftover row and columns', batch: 2, channels: 2, inH: 10, inW: 8, size: 3, stride: 3, ties: true },
  { name: 'gapped 2×2/3 on 1×2×8×7: inputs between windows get zero', batch: 1, channels: 2, inH: 8, inW: 7, size: 2, stride: 3 },
  { name: 'overlapping 3×3/2 on 2×3×11×9 with many ties', batch: 2, channels: 3, inH: 11, inW: 9, size: 3, stride: 2, ties: true },
  { name: 'overlapping 3×3/1 on 1×2×6×5, all ties', batch: 1, channels: 2, inH: 6, inW: 5, size: 3, stride: 1, ties: true },
  // The backward undoes the activation of the layer before at each window's maximum. After a
  // relu, windows of zeros must pass no gradient.
  { name: 'after relu, conv output 4×8×26×26, 2×2/2', batch: 4, channels: 8, inH: 26, inW: 26, size: 2, stride: 2, activation: 'relu' },
  { name: 'after tanh, 2×3×9×12, 3×3/3 tiles', batch: 2, channels: 3, inH: 9, inW: 12, size: 3, stride: 3, activation: 'tanh' },
  { name: 'after sigmoid, 2×2×7×7, 2×2/2 drops a row and column', batch: 2, channels: 2, inH: 7, inW: 7, size: 2, stride: 2, activation: 'sigmoid' },
  { name: 'after relu, overlapping 3×3/2 on 2×3×11×9', batch: 2, channels: 3, inH: 11, inW: 9, size: 3, stride: 2, activation: 'relu' },
];

function input(c: Case): Float32Array {
  const x = randomF32(c.batch * c.channels * c.inH * c.inW, 11);
  // The output of the layer before. randomF32 is uniform in [-1, 1): moved down by 0.5, three
  // quarters fall below 0, so relu leaves whole windows of zeros (a third of the 2×2, 7% of the 3×3).
  if (c.activation) return activate(c.activation === 'relu' ? x.map((v) => v - 0.5) : x, c.activation);
  // Three levels (or one) make equal maxima common, so the first-wins rule is exercised.
  if (c.ties) return x.map((v) => (c.stride === 1 ? 0.5 : Math.round(v * 1.5)));
  return x;
}

async function runCase(c: Case, undo: Activation | undefined = c.activation) {
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
    const c = cases[4];
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
