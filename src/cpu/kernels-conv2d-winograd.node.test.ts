// The Winograd F(2×2, 3×3) forward and input gradient (src/cpu/assembly/conv2d-winograd.ts) against
// src/reference/conv2d.ts on the real wasm, at the 3×3 stride-1 shapes the GPU kernels are tested
// at (src/gpu/kernels/conv2d.gpu.test.ts) and the presets': valid and same padding, batch 1, odd
// channel counts, odd output sizes (a tile half off the map), rows of tiles that leave a ragged
// group, every activation. Winograd rounds differently from the direct sum: the tolerance is the
// bound docs/CPU-ENGINE.md states, and a test checks it is not loose enough to pass a wrong tap.
// The input gradient likewise, as the forward of the filters turned and swapped. Then the bits
// of one range against uneven ranges, and of one image a GEMM against several.
import { describe, expect, test } from 'vitest';
import { activationCode } from '../model/activation.ts';
import { conv2dGeometry, type Conv2dShape } from '../model/geometry.ts';
import * as ref from '../reference/conv2d.ts';
import { kernelBench, type KernelBench } from '../testing/cpu-kernels.ts';
import { randomF32 } from '../testing/random.ts';
import { winogradSlotFloats } from './layers/conv-algorithm.ts';

type Case = Conv2dShape & { bias?: boolean };

const c = (batch: number, inC: number, inH: number, inW: number, outC: number, padding: 'valid' | 'same', rest: Partial<Case> = {}): Case => ({
  batch,
  inC,
  inH,
  inW,
  outC,
  kernel: 3,
  stride: 1,
  padding,
  ...rest,
});

const cases: Case[] = [
  c(2, 32, 14, 14, 64, 'same', { bias: true, activation: 'relu' }),
  c(3, 64, 7, 7, 128, 'same'),
  c(1, 1, 28, 28, 32, 'valid', { bias: true, activation: 'relu' }),
  c(2, 3, 13, 13, 5, 'same', { bias: true, activation: 'tanh' }),
  c(1, 17, 6, 6, 70, 'same', { activation: 'sigmoid' }),
  c(2, 12, 8, 8, 12, 'same', { bias: true, activation: 'relu' }),
  c(5, 6, 21, 21, 20, 'same', { bias: true }),
  c(2, 5, 19, 23, 3, 'valid', { bias: true }),
  c(1, 2, 3, 3, 4, 'valid'),
];

function name(s: Case): string {
  return `${s.inC}→${s.outC} ${s.inH}×${s.inW} ${s.padding}, batch ${s.batch}${s.bias ? ', bias' : ''}, ${s.activation ?? 'none'}`;
}

/**
 * The bound docs/CPU-ENGINE.md states for Winograd's rounding: |ŷ − y| ≤ 2⁻¹⁸·(Σ|w|·|x| + |bias|)
 * for each output, the sum over its taps (u = 2⁻²⁴: 64 u; the presets' shapes stay under 2⁻²²).
 * The activations are 1-Lipschitz, so it holds after them too.
 */
const BOUND = 2 ** -18;

const abs = (a: Float32Array) => a.map(Math.abs);

/** The largest |got − want| over its output's Σ|w|·|x|. */
function worstRatio(got: ArrayLike<number>, want: ArrayLike<number>, scale: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (scale[i] + 1e-30));
  return worst;
}

interface Conv {
  s: Case;
  kb: KernelBench;
  x: Float32Array;
  w: Float32Array;
  bias: Float32Array;
}

async function setup(s: Case, slots: number, chunk: number): Promise<Conv> {
  const g = conv2dGeometry(s);
  const x = randomF32(s.batch * s.inC * s.inH * s.inW, 1);
  const w = randomF32(s.outC * s.inC * 9, 2);
  const bias = randomF32(s.outC, 3);
  const P = g.outH * g.outW;
  const kb = await kernelBench({
    x,
    w,
    bias,
    dy: randomF32(s.batch * s.outC * P, 4),
    u: 16 * s.outC * s.inC,
    y: new Float32Array(s.batch * s.outC * P).fill(NaN),
    dx: new Float32Array(x.length).fill(NaN),
    // Room for the forward's slots and the input gradient's (channels swapped, the input's size).
    scratch: slots * Math.max(winogradSlotFloats(s.inC, s.outC, g.outH, g.outW, chunk), winogradSlotFloats(s.outC, s.inC, s.inH, s.inW, chunk)),
  });
  return { s, kb, x, w, bias };
}

/** dx by Winograd: the flipped, swapped filters' transform, then the forward from dy with padding 2 − pad. */
function inputGrad(t: Conv, ranges: [number, number][], grain: number, chunk: number, filterRanges: [number, number][] = [[0, t.s.inC]]): void {
  const { s, kb } = t;
  const g = conv2dGeometry(s);
  const r = kb.regions;
  for (const [b, e] of filterRanges) kb.k.conv2d_winograd_filter_t(r.w.offset, r.u.offset, s.inC, s.outC, b, e);
  for (const [b, e] of ranges) {
    kb.k.conv2d_winograd_forward(
      r.dy.offset,
      r.u.offset,
      0,
      r.dx.offset,
      r.scratch.offset,
      chunk,
      grain,
      s.outC,
      g.outH,
      g.outW,
      s.inC,
      2 - g.padTop,
      2 - g.padLeft,
      s.inH,
      s.inW,
      0,
      b,
      e,
    );
  }
}

function forward(t: Conv, ranges: [number, number][], grain: number, chunk: number, filterRanges: [number, number][] = [[0, t.s.outC]]): void {
  const { s, kb } = t;
  const g = conv2dGeometry(s);
  const r = kb.regions;
  for (const [b, e] of filterRanges) kb.k.conv2d_winograd_filter(r.w.offset, r.u.offset, s.inC, s.outC, b, e);
  const act = activationCode(s.activation ?? 'none');
  for (const [b, e] of ranges) {
    kb.k.conv2d_winograd_forward(
      r.x.offset,
      r.u.offset,
      s.bias ? r.bias.offset : 0,
      r.y.offset,
      r.scratch.offset,
      chunk,
      grain,
      s.inC,
      s.inH,
      s.inW,
      s.outC,
      g.padTop,
      g.padLeft,
      g.outH,
      g.outW,
      act,
      b,
      e,
    );
  }
}

describe('Winograd conv2d forward vs the reference', () => {
  for (const s of cases) {
    test(name(s), async () => {
      const t = await setup(s, 1, s.batch);
      forward(t, [[0, s.batch]], s.batch, s.batch);
      const want = ref.conv2d(t.x, t.w, s.bias ? t.bias : undefined, s);
      const linear = { ...s, activation: undefined };
      const scale = ref.conv2d(abs(t.x), abs(t.w), s.bias ? abs(t.bias) : undefined, linear);
      expect(worstRatio(t.kb.read('y'), want, scale)).toBeLessThan(BOUND);
      inputGrad(t, [[0, s.batch]], s.batch, s.batch);
      const dy = t.kb.read('dy');
      expect(worstRatio(t.kb.read('dx'), ref.conv2dGradInput(dy, t.w, s), ref.conv2dGradInput(abs(dy), abs(t.w), s))).toBeLessThan(BOUND);
    });
  }

  test('the bound is tight enough to catch a wrong answer (one tap moved by 1/16)', async () => {
    const s = cases[0];
    const t = await setup(s, 1, s.batch);
    forward(t, [[0, s.batch]], s.batch, s.batch);
    const moved = Float32Array.from(t.w);
    moved[4] += 1 / 16;
    const scale = ref.conv2d(abs(t.x), abs(moved), abs(t.bias), { ...s, activation: undefined });
    expect(worstRatio(t.kb.read('y'), ref.conv2d(t.x, moved, t.bias, s), scale)).toBeGreaterThan(BOUND);
  });
});

test('Winograd: one range, uneven ranges of whole grains and one image a GEMM give the same bits, forward and input gradient', async () => {
  const s = c(6, 5, 13, 11, 7, 'same', { bias: true, activation: 'tanh' });
  const whole = await setup(s, 1, 6);
  forward(whole, [[0, 6]], 6, 6);
  // Three ranges of grains of 2 (a slot each), one image a GEMM; the filter split over channels too.
  const split = await setup(s, 3, 1);
  forward(
    split,
    [
      [0, 2],
      [2, 4],
      [4, 6],
    ],
    2,
    1,
    [
      [0, 1],
      [1, 6],
      [6, 7],
    ],
  );
  expect(split.kb.read('y')).toEqual(whole.kb.read('y'));
  const uneven = await setup(s, 3, 2);
  forward(
    uneven,
    [
      [0, 4],
      [4, 6],
    ],
    2,
    2,
  );
  expect(uneven.kb.read('y')).toEqual(whole.kb.read('y'));
  // The input gradient: its filters split over input channels, its images over ranges.
  inputGrad(whole, [[0, 6]], 6, 6);
  inputGrad(
    split,
    [
      [0, 2],
      [2, 6],
    ],
    2,
    1,
    [
      [0, 2],
      [2, 5],
    ],
  );
  expect(split.kb.read('dx')).toEqual(whole.kb.read('dx'));
});
