// The direct convolution kernels (src/cpu/assembly/conv2d-direct.ts: forward and filter gradient
// at stride 1) against src/reference/conv2d.ts on the real wasm, at the stride-1 shapes the GPU
// kernels are tested at (src/gpu/kernels/conv2d.gpu.test.ts): valid and same padding, batch 1,
// one and odd channel counts, odd output channel counts, widths that leave every vector tail
// (16-, 4- and 1-pixel), 1×1, 3×3 and 5×5 filters, every activation. Then finite differences on a
// tiny case, and one range against three uneven ranges, bit for bit.
import { describe, expect, test } from 'vitest';
import { activationCode } from '../model/activation.ts';
import { conv2dGeometry, type Conv2dShape } from '../model/geometry.ts';
import * as ref from '../reference/conv2d.ts';
import { assertClose } from '../testing/close.ts';
import { kernelBench, type KernelBench } from '../testing/cpu-kernels.ts';
import { centralDifferences, linearLoss } from '../testing/finite-differences.ts';
import { randomF32 } from '../testing/random.ts';

// As kernels-conv2d.node.test.ts: f32 sums of at most a few thousand products of magnitude ≤ 1.
const TOL = { atol: 1e-4, rtol: 1e-4 };
const GRAD_FILTER_TOL = { atol: 2e-4, rtol: 1e-4 };
const REFERENCE_TIMEOUT_MS = 60_000;

type Case = Conv2dShape & { bias?: boolean };

const c = (batch: number, inC: number, inH: number, inW: number, outC: number, kernel: number, padding: 'valid' | 'same', rest: Partial<Case> = {}): Case => ({
  batch,
  inC,
  inH,
  inW,
  outC,
  kernel,
  stride: 1,
  padding,
  ...rest,
});

const cases: Case[] = [
  c(1, 1, 28, 28, 32, 3, 'valid', { bias: true, activation: 'relu' }),
  c(3, 1, 28, 28, 32, 3, 'same', { activation: 'relu' }),
  c(2, 3, 13, 13, 5, 3, 'same', { bias: true, activation: 'tanh' }),
  c(1, 2, 9, 9, 4, 5, 'same', { activation: 'sigmoid' }),
  c(2, 4, 11, 9, 7, 5, 'valid', { bias: true }),
  c(2, 5, 7, 7, 3, 1, 'valid', { bias: true }),
  c(5, 3, 30, 30, 5, 3, 'same', { bias: true, activation: 'relu' }),
  c(1, 17, 6, 6, 9, 3, 'same'),
  c(2, 1, 19, 23, 3, 3, 'same', { bias: true }),
];

function name(s: Case): string {
  return `${s.inC}→${s.outC} ${s.inH}×${s.inW} ${s.kernel}×${s.kernel} ${s.padding}, batch ${s.batch}${s.bias ? ', bias' : ''}, ${s.activation ?? 'none'}`;
}

interface Conv {
  s: Case;
  kb: KernelBench;
  x: Float32Array;
  w: Float32Array;
  bias: Float32Array;
  dy: Float32Array;
  geom: ReturnType<typeof conv2dGeometry>;
}

async function setup(s: Case): Promise<Conv> {
  const geom = conv2dGeometry(s);
  const P = geom.outH * geom.outW;
  const x = randomF32(s.batch * s.inC * s.inH * s.inW, 1);
  const w = randomF32(s.outC * s.inC * s.kernel * s.kernel, 2);
  const bias = randomF32(s.outC, 3);
  const dy = randomF32(s.batch * s.outC * P, 4);
  // Outputs start as NaN so an element a kernel never writes fails the comparison.
  const nan = (n: number) => new Float32Array(n).fill(NaN);
  const padded = s.inC * (geom.outH + s.kernel - 1) * (geom.outW + s.kernel - 1);
  const kb = await kernelBench({ x, w, bias, dy, y: nan(dy.length), dw: nan(w.length), xpad: s.batch * padded });
  return { s, kb, x, w, bias, dy, geom };
}

/** grain 0 keeps every image's padded copy; a grain > 0 shares a slot per range (a reading plan). */
function forward(t: Conv, ranges: [number, number][] = [[0, t.s.batch]], grain = 0): void {
  const { s, geom, kb } = t;
  const r = kb.regions;
  const act = activationCode(s.activation ?? 'none');
  for (const [b, e] of ranges) {
    kb.k.conv2d_direct_forward(
      r.x.offset,
      r.w.offset,
      s.bias ? r.bias.offset : 0,
      r.y.offset,
      r.xpad.offset,
      grain,
      s.inC,
      s.inH,
      s.inW,
      s.outC,
      s.kernel,
      geom.padTop,
      geom.padLeft,
      geom.outH,
      geom.outW,
      act,
      b,
      e,
    );
  }
}

function filterGrad(t: Conv, ranges: [number, number][] = [[0, t.s.outC]]): void {
  const { s, geom, kb } = t;
  const r = kb.regions;
  for (const [b, e] of ranges)
    kb.k.conv2d_direct_filter_grad(r.dy.offset, r.xpad.offset, r.dw.offset, s.batch, s.inC, s.outC, s.kernel, geom.outH, geom.outW, b, e);
}

describe('direct conv2d kernels vs the reference', () => {
  for (const s of cases) {
    test(
      name(s),
      async () => {
        const t = await setup(s);
        forward(t);
        assertClose(t.kb.read('y'), ref.conv2d(t.x, t.w, s.bias ? t.bias : undefined, s), TOL, 'y');
        filterGrad(t);
        assertClose(t.kb.read('dw'), ref.conv2dGradFilter(t.dy, t.x, s).dw, GRAD_FILTER_TOL, 'dw');
      },
      REFERENCE_TIMEOUT_MS,
    );
  }

  test('the comparison catches a wrong answer (a filter tap moved)', async () => {
    const s = cases[2];
    const t = await setup(s);
    forward(t);
    const moved = Float32Array.from(t.w);
    moved[1] += 0.5;
    expect(() => assertClose(t.kb.read('y'), ref.conv2d(t.x, moved, t.bias, s), TOL, 'y')).toThrow();
  });
});

test('direct filter gradient: central differences of Σ y·r', async () => {
  const s = c(2, 2, 6, 5, 3, 3, 'same', { bias: true });
  const t = await setup(s);
  const x = Float64Array.from(t.x);
  const w = Float64Array.from(t.w);
  const loss = () => linearLoss(ref.conv2d(x, w, Float64Array.from(t.bias), s, Float64Array), t.dy);
  forward(t);
  filterGrad(t);
  assertClose(t.kb.read('dw'), centralDifferences(w, loss, 1e-3), { atol: 1e-5, rtol: 1e-4 }, 'dw');
});

describe('direct conv2d kernels: one range and three uneven ranges give the same bits', () => {
  for (const s of [c(5, 1, 13, 21, 7, 3, 'same', { bias: true, activation: 'tanh' }), c(4, 3, 9, 9, 6, 5, 'valid', { bias: true, activation: 'relu' })]) {
    test(name(s), async () => {
      const whole = await setup(s);
      forward(whole);
      filterGrad(whole);
      const split = await setup(s);
      const thirds = (n: number): [number, number][] => [
        [0, 1],
        [1, n - 1],
        [n - 1, n],
      ];
      forward(split, thirds(s.batch));
      filterGrad(split, thirds(s.outC));
      for (const k of ['y', 'dw']) expect(split.kb.read(k), k).toEqual(whole.kb.read(k));
      // A reading plan: ranges of whole grains of 2 images, one padded slot each.
      const reading = await setup(s);
      forward(
        reading,
        [
          [0, 2],
          [2, s.batch],
        ],
        2,
      );
      expect(reading.kb.read('y')).toEqual(whole.kb.read('y'));
    });
  }
});
