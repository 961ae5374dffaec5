// The pooling kernels against src/reference/maxpool.ts and avgpool.ts on the real wasm, at the
// GPU kernels' test shapes (src/gpu/kernels/maxpool.gpu.test.ts, avgpool.gpu.test.ts): batch 1,
// odd maps that leave rows and columns no window reaches, overlapping and gapped windows, ties,
// the outputs of every activation; and each kernel split into uneven ranges gives the same bits.
import { describe, expect, test } from 'vitest';
import { avgPoolGeometry, globalAvgPoolShape, poolGeometry, type AvgPoolShape, type PoolShape } from '../model/geometry.ts';
import type { Activation } from '../model/activation.ts';
import { activate } from '../reference/activation.ts';
import { avgPool, avgPoolBackward } from '../reference/avgpool.ts';
import { maxPool, maxPoolBackward } from '../reference/maxpool.ts';
import { assertClose } from '../testing/close.ts';
import { kernelBench } from '../testing/cpu-kernels.ts';
import { sameBits, splitTwice } from '../testing/cpu-split.ts';
import { randomF32 } from '../testing/random.ts';

const EXACT = { atol: 0, rtol: 0 };
const FWD_TOL = { atol: 1e-6, rtol: 1e-5 };
const BWD_TOL = { atol: 1e-6, rtol: 1e-6 };

type MaxCase = PoolShape & { name: string; ties?: boolean; activation?: Activation };

const maxCases: MaxCase[] = [
  { name: 'batch 1, one 2×2 window', batch: 1, channels: 1, inH: 2, inW: 2, size: 2, stride: 2 },
  { name: 'conv output 50×32×26×26, 2×2/2', batch: 50, channels: 32, inH: 26, inW: 26, size: 2, stride: 2 },
  { name: 'many short rows 64×64×34×2, 2×2/2', batch: 64, channels: 64, inH: 34, inW: 2, size: 2, stride: 2 },
  { name: 'odd 1×7×7×9, 2×2/2 drops the last row and column', batch: 1, channels: 7, inH: 7, inW: 9, size: 2, stride: 2 },
  { name: '2×2/2 with ties on 3×5×10×21 (four-wide and scalar columns)', batch: 3, channels: 5, inH: 10, inW: 21, size: 2, stride: 2, ties: true },
  { name: 'exact 3×3/3 tiling on 2×2×9×12 with ties', batch: 2, channels: 2, inH: 9, inW: 12, size: 3, stride: 3, ties: true },
  { name: 'non-overlapping 3×3/3 on 2×2×10×8 with ties', batch: 2, channels: 2, inH: 10, inW: 8, size: 3, stride: 3, ties: true },
  { name: 'gapped 2×2/3 on 1×2×8×7', batch: 1, channels: 2, inH: 8, inW: 7, size: 2, stride: 3 },
  { name: 'overlapping 3×3/2 on 2×3×11×9 with many ties', batch: 2, channels: 3, inH: 11, inW: 9, size: 3, stride: 2, ties: true },
  { name: 'overlapping 3×3/1 on 1×2×6×5, all ties', batch: 1, channels: 2, inH: 6, inW: 5, size: 3, stride: 1, ties: true },
  { name: 'after relu, conv output 4×8×26×26, 2×2/2', batch: 4, channels: 8, inH: 26, inW: 26, size: 2, stride: 2, activation: 'relu' },
  { name: 'after tanh, 2×3×9×12, 3×3/3', batch: 2, channels: 3, inH: 9, inW: 12, size: 3, stride: 3, activation: 'tanh' },
  { name: 'after sigmoid, 2×2×7×7, 2×2/2', batch: 2, channels: 2, inH: 7, inW: 7, size: 2, stride: 2, activation: 'sigmoid' },
];

function maxInput(c: MaxCase): Float32Array {
  const x = randomF32(c.batch * c.channels * c.inH * c.inW, 11);
  // relu after a shift leaves whole windows of zeros; three levels (or one) make equal maxima common.
  if (c.activation) return activate(c.activation === 'relu' ? x.map((v) => v - 0.5) : x, c.activation);
  if (c.ties) return x.map((v) => (c.stride === 1 ? 0.5 : Math.round(v * 1.5)));
  return x;
}

// The float64 reference over up to 1.6 M elements takes seconds on a busy machine.
const SLOW_MS = 60_000;

describe('maxpool kernels vs reference', { timeout: SLOW_MS }, () => {
  test.each(maxCases)('$name', async (c) => {
    const { outH, outW } = poolGeometry(c);
    const planes = c.batch * c.channels;
    const inPlane = c.inH * c.inW;
    const outPlane = outH * outW;
    const x = maxInput(c);
    const dy = randomF32(planes * outPlane, 12);
    const b = await kernelBench({
      x,
      dy,
      y: new Float32Array(planes * outPlane).fill(NaN),
      argmax: planes * outPlane,
      dx: new Float32Array(planes * inPlane).fill(123),
    });
    const r = b.regions;
    const fwd = [r.x.offset, r.y.offset, r.argmax.offset, c.inH, c.inW, c.size, c.stride, outH, outW];
    const f = splitTwice(b, 'maxpool_forward', planes, fwd, ['y', 'argmax']);
    const want = maxPool(x, c);
    assertClose(b.read('y'), want.out, EXACT, 'y');
    const argmax = new Uint32Array(b.read('argmax').buffer).map((a, o) => Math.floor(o / outPlane) * inPlane + a);
    assertClose(argmax, want.argmax, EXACT, 'argmax');
    expect(f.whole.every((w, i) => sameBits(w, f.split[i]))).toBe(true);

    const g = splitTwice(b, 'maxpool_backward', planes, [r.dy.offset, r.argmax.offset, r.dx.offset, inPlane, outPlane], ['dx']);
    assertClose(b.read('dx'), maxPoolBackward(dy, want.argmax, c), EXACT, 'dx');
    expect(sameBits(g.whole[0], g.split[0])).toBe(true);

    // Without an argmax region (a reading plan) the outputs are the same.
    b.write('y', new Float32Array(planes * outPlane).fill(NaN));
    b.k.maxpool_forward(r.x.offset, r.y.offset, 0, c.inH, c.inW, c.size, c.stride, outH, outW, 0, planes);
    assertClose(b.read('y'), want.out, EXACT, 'y without argmax');
  });

  test('NaN never replaces a maximum, and a NaN first in its window stays (as the reference)', async () => {
    const c: PoolShape = { batch: 1, channels: 1, inH: 2, inW: 10, size: 2, stride: 2 };
    const x = new Float32Array([NaN, 1, 2, NaN, 0, 0, -1, 5, 3, 3, 4, 2, NaN, NaN, 1, NaN, 7, -2, 3, 3]);
    const b = await kernelBench({ x, y: 5, argmax: 5 });
    b.k.maxpool_forward(b.regions.x.offset, b.regions.y.offset, b.regions.argmax.offset, 2, 10, 2, 2, 1, 5, 0, 1);
    const want = maxPool(x, c);
    expect(Array.from(b.read('y'))).toEqual(Array.from(want.out));
    expect(Array.from(new Uint32Array(b.read('argmax').buffer))).toEqual(Array.from(want.argmax));
  });
});

type AvgCase = AvgPoolShape & { name: string };
const pool = (batch: number, channels: number, inH: number, inW: number, winH: number, winW: number, strideH: number, strideW: number) => ({
  batch,
  channels,
  inH,
  inW,
  winH,
  winW,
  strideH,
  strideW,
});

const avgCases: AvgCase[] = [
  { name: 'batch 1, one 2×2 window', ...pool(1, 1, 2, 2, 2, 2, 2, 2) },
  { name: 'conv output 50×32×26×26, 2×2/2', ...pool(50, 32, 26, 26, 2, 2, 2, 2) },
  { name: 'odd 1×7×7×9, 2×2/2', ...pool(1, 7, 7, 9, 2, 2, 2, 2) },
  { name: 'overlapping 3×3/2 on 2×3×11×9', ...pool(2, 3, 11, 9, 3, 3, 2, 2) },
  { name: 'overlapping 3×3/1 on 1×2×6×5', ...pool(1, 2, 6, 5, 3, 3, 1, 1) },
  { name: '2×3 window, strides 1×2, on 3×5×13×17', ...pool(3, 5, 13, 17, 2, 3, 1, 2) },
  { name: '2×2/3 on 2×3×10×11, gaps no window reaches', ...pool(2, 3, 10, 11, 2, 2, 3, 3) },
];

const globalCases: AvgCase[] = [
  { name: 'global on 10×64×7×7', ...globalAvgPoolShape(10, 64, 7, 7) },
  { name: 'global on 10×32×28×28', ...globalAvgPoolShape(10, 32, 28, 28) },
  { name: 'global on 33×128×11×12', ...globalAvgPoolShape(33, 128, 11, 12) },
  { name: 'global on 1×3×1×3 (scalar tail only)', ...globalAvgPoolShape(1, 3, 1, 3) },
];

async function avgBench(c: AvgPoolShape) {
  const { outH, outW } = avgPoolGeometry(c);
  const planes = c.batch * c.channels;
  const x = randomF32(planes * c.inH * c.inW, 21);
  const dy = randomF32(planes * outH * outW, 22);
  const b = await kernelBench({ x, dy, y: new Float32Array(planes * outH * outW).fill(NaN), dx: new Float32Array(planes * c.inH * c.inW).fill(NaN) });
  return { b, x, dy, planes, outH, outW };
}

describe('avgpool kernels vs reference', { timeout: SLOW_MS }, () => {
  test.each([...avgCases, ...globalCases])('windowed kernels: $name', async (c) => {
    const { b, x, dy, planes, outH, outW } = await avgBench(c);
    const r = b.regions;
    const geometry = [c.inH, c.inW, c.winH, c.winW, c.strideH, c.strideW, outH, outW];
    const f = splitTwice(b, 'avgpool_forward', planes, [r.x.offset, r.y.offset, ...geometry], ['y']);
    assertClose(b.read('y'), avgPool(x, c), FWD_TOL, 'y');
    const g = splitTwice(b, 'avgpool_backward', planes, [r.dy.offset, r.dx.offset, ...geometry], ['dx']);
    assertClose(b.read('dx'), avgPoolBackward(dy, c), BWD_TOL, 'dx');
    expect(sameBits(f.whole[0], f.split[0]) && sameBits(g.whole[0], g.split[0])).toBe(true);
  });

  test.each(globalCases)('global kernels: $name', async (c) => {
    const { b, x, dy, planes } = await avgBench(c);
    const r = b.regions;
    const area = c.inH * c.inW;
    const f = splitTwice(b, 'globalavgpool_forward', planes, [r.x.offset, r.y.offset, area], ['y']);
    assertClose(b.read('y'), avgPool(x, c), FWD_TOL, 'y');
    const g = splitTwice(b, 'globalavgpool_backward', planes, [r.dy.offset, r.dx.offset, area], ['dx']);
    assertClose(b.read('dx'), avgPoolBackward(dy, c), BWD_TOL, 'dx');
    expect(sameBits(f.whole[0], f.split[0]) && sameBits(g.whole[0], g.split[0])).toBe(true);
  });

  test('the comparison catches a wrong answer: a sum not divided by the area', async () => {
    const c = avgCases[3];
    const { b, x, planes, outH, outW } = await avgBench(c);
    const r = b.regions;
    b.k.avgpool_forward(r.x.offset, r.y.offset, c.inH, c.inW, c.winH, c.winW, c.strideH, c.strideW, outH, outW, 0, planes);
    const sums = avgPool(x, c).map((v) => v * c.winH * c.winW);
    expect(() => assertClose(b.read('y'), sums, FWD_TOL)).toThrow(/differ/);
  });
});
