// The convolution kernels (forward, filter gradient, input gradient) and bias_grad against
// src/reference/conv2d.ts on the real wasm, at the shapes the GPU kernels are tested at
// (src/gpu/kernels/conv2d.gpu.test.ts): valid and same padding, stride 2, batch 1, odd channel
// counts, 1×1 and 5×5 filters, every activation. Then finite differences on a tiny case, and the
// bits of one range against three uneven ranges for each kernel. The transpose kernel, which the
// filter gradient reads its patches through, is checked here too.
import { describe, expect, test } from 'vitest';
import { activationCode } from '../model/activation.ts';
import { conv2dGeometry, type Conv2dShape } from '../model/geometry.ts';
import { biasGrad } from '../reference/bias-grad.ts';
import * as ref from '../reference/conv2d.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { kernelBench, type KernelBench } from '../testing/cpu-kernels.ts';
import { centralDifferences, linearLoss } from '../testing/finite-differences.ts';
import { randomF32 } from '../testing/random.ts';

// f32 sums of at most a few thousand products of magnitude ≤ 1 against float64: as the GPU test.
const TOL = { atol: 1e-4, rtol: 1e-4 };
const GRAD_FILTER_TOL = { atol: 2e-4, rtol: 1e-4 };

// The float64 reference loops take seconds at the largest shapes on a busy machine.
const REFERENCE_TIMEOUT_MS = 60_000;

type Case = Conv2dShape & { bias?: boolean };

const c = (
  batch: number,
  inC: number,
  inH: number,
  inW: number,
  outC: number,
  kernel: number,
  stride: number,
  padding: 'valid' | 'same',
  rest: Partial<Case> = {},
): Case => ({
  batch,
  inC,
  inH,
  inW,
  outC,
  kernel,
  stride,
  padding,
  ...rest,
});

const cases: Case[] = [
  c(1, 1, 28, 28, 32, 3, 1, 'valid', { bias: true, activation: 'relu' }),
  c(4, 1, 28, 28, 32, 3, 1, 'valid', { bias: true }),
  c(2, 3, 13, 13, 5, 3, 1, 'same', { bias: true }),
  c(3, 3, 13, 13, 5, 3, 2, 'same', { activation: 'relu' }),
  c(2, 2, 10, 10, 7, 3, 2, 'same'),
  c(2, 4, 11, 9, 6, 5, 2, 'valid', { bias: true }),
  c(1, 2, 9, 9, 4, 5, 1, 'same', { activation: 'relu' }),
  c(2, 5, 7, 7, 3, 1, 1, 'valid', { bias: true }),
  c(2, 32, 14, 14, 64, 3, 1, 'same', { bias: true, activation: 'relu' }),
  c(1, 17, 6, 6, 70, 3, 1, 'same'),
  c(2, 12, 8, 8, 12, 3, 1, 'same', { bias: true, activation: 'relu' }),
  c(5, 3, 30, 30, 5, 3, 1, 'same', { bias: true, activation: 'relu' }),
  c(5, 6, 21, 21, 20, 3, 1, 'same', { bias: true }),
  c(8, 64, 7, 7, 128, 3, 1, 'same'),
  c(2, 3, 8, 8, 4, 1, 2, 'same', { bias: true }),
  c(2, 4, 11, 9, 6, 5, 2, 'valid', { bias: true, activation: 'tanh' }),
  c(2, 3, 13, 13, 5, 3, 1, 'same', { bias: true, activation: 'sigmoid' }),
  c(2, 32, 14, 14, 64, 3, 1, 'same', { activation: 'tanh' }),
  c(1, 1, 28, 28, 32, 3, 1, 'valid', { bias: true, activation: 'sigmoid' }),
];

function name(s: Case): string {
  return `${s.inC}→${s.outC} ${s.inH}×${s.inW} ${s.kernel}×${s.kernel} ${s.padding} stride ${s.stride}, batch ${s.batch}${s.bias ? ', bias' : ''}, ${s.activation ?? 'none'}`;
}

interface Conv {
  s: Case;
  kb: KernelBench;
  x: Float32Array;
  w: Float32Array;
  bias: Float32Array;
  dy: Float32Array;
  P: number;
  ckk: number;
  geom: ReturnType<typeof conv2dGeometry>;
}

async function setup(s: Case): Promise<Conv> {
  const geom = conv2dGeometry(s);
  const P = geom.outH * geom.outW;
  const ckk = s.inC * s.kernel * s.kernel;
  const x = randomF32(s.batch * s.inC * s.inH * s.inW, 1);
  const w = randomF32(s.outC * ckk, 2);
  const bias = randomF32(s.outC, 3);
  const dy = randomF32(s.batch * s.outC * P, 4);
  // Outputs start as NaN so an element a kernel never writes fails the comparison.
  const nan = (n: number) => new Float32Array(n).fill(NaN);
  const kb = await kernelBench({
    x,
    w,
    bias,
    dy,
    y: nan(dy.length),
    dx: nan(x.length),
    dw: nan(w.length),
    db: nan(s.outC),
    cols: s.batch * ckk * P,
    colsT: s.batch * ckk * P,
  });
  return { s, kb, x, w, bias, dy, P, ckk, geom };
}

function geometryArgs(t: Conv): number[] {
  const { s, geom } = t;
  return [s.inC, s.inH, s.inW, s.outC, s.kernel, s.stride, geom.padTop, geom.padLeft, geom.outH, geom.outW];
}

/** grain 0 keeps every image's patches; a grain > 0 shares a slot per range (a reading plan). */
function forward(t: Conv, ranges: [number, number][] = [[0, t.s.batch]], grain = 0): void {
  const r = t.kb.regions;
  for (const [b, e] of ranges) {
    t.kb.k.conv2d_forward(
      r.x.offset,
      r.w.offset,
      t.s.bias ? r.bias.offset : 0,
      r.y.offset,
      r.cols.offset,
      grain,
      ...(geometryArgs(t) as [number, number, number, number, number, number, number, number, number, number]),
      activationCode(t.s.activation ?? 'none'),
      b,
      e,
    );
  }
}

/** The forward's patches of a 1×1 filter at stride 1 are x itself: the filter gradient reads x then. */
function patches(t: Conv): number {
  return t.s.kernel === 1 && t.s.stride === 1 ? t.kb.regions.x.offset : t.kb.regions.cols.offset;
}

/** The patches transposed over `imageRanges`, then the filter gradient over `ranges` of channels. */
function filterGrad(t: Conv, ranges: [number, number][] = [[0, t.s.outC]], imageRanges: [number, number][] = [[0, t.s.batch]]): void {
  const r = t.kb.regions;
  for (const [b, e] of imageRanges) t.kb.k.conv2d_patches_t(patches(t), r.colsT.offset, t.ckk, t.P, b, e);
  for (const [b, e] of ranges) t.kb.k.conv2d_filter_grad(r.dy.offset, r.colsT.offset, r.dw.offset, t.s.batch, t.s.outC, t.ckk, t.P, b, e);
}

function biasGradK(t: Conv, ranges: [number, number][] = [[0, t.s.outC]]): void {
  const r = t.kb.regions;
  for (const [b, e] of ranges) t.kb.k.bias_grad(r.dy.offset, r.db.offset, t.s.batch, t.s.outC, t.P, b, e);
}

function inputGrad(t: Conv, ranges: [number, number][] = [[0, t.s.batch]], grain = 1): void {
  const r = t.kb.regions;
  const g = geometryArgs(t) as [number, number, number, number, number, number, number, number, number, number];
  for (const [b, e] of ranges) t.kb.k.conv2d_input_grad(r.dy.offset, r.w.offset, r.dx.offset, r.cols.offset, grain, ...g, b, e);
}

describe('conv2d kernels vs the reference', () => {
  for (const s of cases) {
    test(
      name(s),
      async () => {
        const t = await setup(s);
        forward(t);
        assertClose(t.kb.read('y'), ref.conv2d(t.x, t.w, s.bias ? t.bias : undefined, s), TOL, 'y');
        filterGrad(t);
        biasGradK(t);
        const want = ref.conv2dGradFilter(t.dy, t.x, s);
        assertClose(t.kb.read('dw'), want.dw, GRAD_FILTER_TOL, 'dw');
        assertClose(t.kb.read('db'), want.db, GRAD_FILTER_TOL, 'db');
        inputGrad(t);
        assertClose(t.kb.read('dx'), ref.conv2dGradInput(t.dy, t.w, s), TOL, 'dx');
      },
      REFERENCE_TIMEOUT_MS,
    );
  }

  test('the comparison catches a wrong answer (relu left out)', async () => {
    const s = cases[2];
    const t = await setup({ ...s, activation: 'relu' });
    forward(t);
    expect(findMismatch(t.kb.read('y'), ref.conv2d(t.x, t.w, t.bias, s), TOL)).not.toBeNull();
  });

  test('bias_grad of a dense layer (inner 1) and of odd inner sizes', async () => {
    for (const [outer, channels, inner] of [
      [5, 13, 1],
      [3, 7, 9],
      [1, 2, 4],
    ]) {
      const dy = randomF32(outer * channels * inner, channels);
      const kb = await kernelBench({ dy, db: channels });
      kb.k.bias_grad(kb.regions.dy.offset, kb.regions.db.offset, outer, channels, inner, 0, channels);
      assertClose(kb.read('db'), biasGrad(dy, { outer, channels, inner }), { atol: 1e-5, rtol: 1e-5 });
    }
  });
});

test('transpose: ragged rows and columns, over uneven row ranges', async () => {
  for (const [rows, cols] of [
    [7, 10],
    [9, 4],
    [1, 3],
  ]) {
    const src = randomF32(rows * cols, rows);
    const kb = await kernelBench({ src, dst: new Float32Array(rows * cols).fill(NaN) });
    for (const [b, e] of [
      [0, Math.min(5, rows)],
      [Math.min(5, rows), rows],
    ])
      kb.k.transpose(kb.regions.src.offset, kb.regions.dst.offset, rows, cols, b, e);
    const want = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) want[c * rows + r] = src[r * cols + c];
    expect(kb.read('dst')).toEqual(want);
  }
});

describe('conv2d kernels: finite differences', () => {
  // A 2×3×5×4 input, 3 filters of 3×3 'same' at stride 2 (asymmetric padding): the loss Σ y·r in
  // float64 by the reference, central differences with h = 1e-3 (exact for a loss linear in each
  // weight up to float64 rounding); the kernels' f32 gradients agree to ~1e-5.
  const s: Case = c(2, 3, 5, 4, 3, 3, 2, 'same', { bias: true });
  test('dx, dw and db match central differences of Σ y·r', async () => {
    const t = await setup(s);
    const r = t.dy;
    const x = Float64Array.from(t.x);
    const w = Float64Array.from(t.w);
    const b = Float64Array.from(t.bias);
    const loss = () => linearLoss(ref.conv2d(x, w, b, s, Float64Array), r);
    forward(t);
    filterGrad(t);
    biasGradK(t);
    inputGrad(t);
    const tol = { atol: 1e-5, rtol: 1e-4 };
    assertClose(t.kb.read('dx'), centralDifferences(x, loss, 1e-3), tol, 'dx');
    assertClose(t.kb.read('dw'), centralDifferences(w, loss, 1e-3), tol, 'dw');
    assertClose(t.kb.read('db'), centralDifferences(b, loss, 1e-3), tol, 'db');
  });
});

describe('conv2d kernels: one range and three uneven ranges give the same bits', () => {
  for (const s of [c(5, 3, 13, 13, 7, 3, 1, 'same', { bias: true, activation: 'tanh' }), c(4, 5, 9, 9, 6, 1, 1, 'valid', { bias: true })]) {
    test(name(s), async () => {
      const whole = await setup(s);
      forward(whole);
      filterGrad(whole);
      biasGradK(whole);
      inputGrad(whole);
      const split = await setup(s);
      const thirds = (n: number): [number, number][] => [
        [0, 1],
        [1, n - 1],
        [n - 1, n],
      ];
      forward(split, thirds(s.batch));
      filterGrad(split, thirds(s.outC), thirds(s.batch));
      biasGradK(split, thirds(s.outC));
      inputGrad(split, thirds(s.batch));
      for (const k of ['y', 'dw', 'db', 'dx']) expect(split.kb.read(k), k).toEqual(whole.kb.read(k));
      // A reading plan: ranges of whole grains of 2 images, one patch slot each.
      const reading = await setup(s);
      const grains: [number, number][] = [
        [0, 2],
        [2, s.batch],
      ];
      forward(reading, grains, 2);
      inputGrad(reading, grains, 2);
      expect(reading.kb.read('y')).toEqual(whole.kb.read('y'));
      expect(reading.kb.read('dx')).toEqual(whole.kb.read('dx'));
    });
  }
});

describe('conv2d_image_patches_t: the forward patches transposed, cut from x again', () => {
  for (const s of [cases[2], cases[3], cases[5], cases[8]]) {
    test(name(s), async () => {
      const t = await setup(s);
      forward(t);
      filterGrad(t);
      const want = t.kb.read('colsT');
      const r = t.kb.regions;
      f32Fill(t, 'colsT');
      const g = geometryArgs(t);
      const noOutC = [g[0], g[1], g[2], g[4], g[5], g[6], g[7], g[8], g[9]] as [number, number, number, number, number, number, number, number, number];
      for (const [b, e] of [
        [0, 1],
        [1, s.batch],
      ])
        t.kb.k.conv2d_image_patches_t(r.x.offset, r.cols.offset, r.colsT.offset, ...noOutC, b, e);
      expect(t.kb.read('colsT')).toEqual(want);
    });
  }
});

function f32Fill(t: Conv, name: string): void {
  t.kb.write(name, new Float32Array(t.kb.regions[name].floats).fill(NaN));
}
