// The pooling kernels against src/reference/maxpool.ts and avgpool.ts on the real wasm, at the
// cases both engines' kernels are tested on (src/testing/kernel-cases/pool.ts) and rows that leave
// four-wide and scalar columns; each kernel split into uneven ranges gives the same bits.
import { describe, expect, test } from 'vitest';
import { avgPoolGeometry, globalAvgPoolShape, poolGeometry, type AvgPoolShape, type PoolShape } from '../model/geometry.ts';
import { avgPool, avgPoolBackward } from '../reference/avgpool.ts';
import { maxPool, maxPoolBackward } from '../reference/maxpool.ts';
import { assertClose } from '../testing/close.ts';
import { kernelBench } from '../testing/cpu-kernels.ts';
import { sameBits, splitTwice } from '../testing/cpu-split.ts';
import {
  AVG_BWD_TOL as BWD_TOL,
  AVG_FWD_TOL as FWD_TOL,
  AVGPOOL_CASES as avgCases,
  EXACT,
  GLOBAL_AVGPOOL_CASES,
  MAXPOOL_CASES,
  OVERLAPPING_AVG,
  maxPoolInput as maxInput,
  type AvgPoolCase,
  type MaxPoolCase,
} from '../testing/kernel-cases/pool.ts';
import { randomF32 } from '../testing/random.ts';

const maxCases: MaxPoolCase[] = [
  ...MAXPOOL_CASES,
  { name: '2×2/2 with ties on 3×5×10×21 (four-wide and scalar columns)', batch: 3, channels: 5, inH: 10, inW: 21, size: 2, stride: 2, ties: true },
];

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

const globalCases: AvgPoolCase[] = [...GLOBAL_AVGPOOL_CASES, { name: 'global on 1×3×1×3 (scalar tail only)', ...globalAvgPoolShape(1, 3, 1, 3) }];

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
    const c = OVERLAPPING_AVG;
    const { b, x, planes, outH, outW } = await avgBench(c);
    const r = b.regions;
    b.k.avgpool_forward(r.x.offset, r.y.offset, c.inH, c.inW, c.winH, c.winW, c.strideH, c.strideW, outH, outW, 0, planes);
    const sums = avgPool(x, c).map((v) => v * c.winH * c.winW);
    expect(() => assertClose(b.read('y'), sums, FWD_TOL)).toThrow(/differ/);
  });
});
