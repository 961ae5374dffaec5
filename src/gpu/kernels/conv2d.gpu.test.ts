import { describe, expect, it } from 'vitest';
import { conv2d, conv2dGradInput, conv2dScratchBytes } from './conv2d.ts';
import { conv2dGradFilter } from './conv2d-grad-filter.ts';
import { softwareSplits } from './conv2d-grad-filter-plan.ts';
import { conv2dGeometry, type Conv2dShape } from '../../model/geometry.ts';
import * as ref from '../../reference/conv2d.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu } from '../../testing/gpu.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';

// f32 accumulation of at most a few thousand products of magnitude ≤ 1 against a float64
// reference: the error grows like sqrt(K)·2⁻²⁴·|terms|, far below 1e-4 at these sizes.
// The filter gradient sums K = batch·outH·outW terms (up to 2704 here) in split order.
const TOL = { atol: 1e-4, rtol: 1e-4 };
const GRAD_FILTER_TOL = { atol: 2e-4, rtol: 1e-4 };

type Case = Conv2dShape & { name: string; bias?: boolean };

const cases: Case[] = [
  {
    name: 'seed conv 1→32 3×3 valid 28×28, batch 1, bias+relu',
    batch: 1,
    inC: 1,
    inH: 28,
    inW: 28,
    outC: 32,
    kernel: 3,
    stride: 1,
    padding: 'valid',
    bias: true,
    activation: 'relu',
  },
  { name: 'seed conv at batch 4 (many M tiles, split K)', batch: 4, inC: 1, inH: 28, inW: 28, outC: 32, kernel: 3, stride: 1, padding: 'valid', bias: true },
  { name: 'odd 3→5 13×13 3×3 same, bias', batch: 2, inC: 3, inH: 13, inW: 13, outC: 5, kernel: 3, stride: 1, padding: 'same', bias: true },
  { name: 'odd 3→5 13×13 3×3 same stride 2, relu', batch: 3, inC: 3, inH: 13, inW: 13, outC: 5, kernel: 3, stride: 2, padding: 'same', activation: 'relu' },
  { name: 'even 10×10 3×3 same stride 2 (padding all at the end)', batch: 2, inC: 2, inH: 10, inW: 10, outC: 7, kernel: 3, stride: 2, padding: 'same' },
  { name: '4→6 11×9 5×5 valid stride 2', batch: 2, inC: 4, inH: 11, inW: 9, outC: 6, kernel: 5, stride: 2, padding: 'valid', bias: true },
  { name: '2→4 9×9 5×5 same, batch 1', batch: 1, inC: 2, inH: 9, inW: 9, outC: 4, kernel: 5, stride: 1, padding: 'same', activation: 'relu' },
  { name: '5→3 7×7 1×1 valid', batch: 2, inC: 5, inH: 7, inW: 7, outC: 3, kernel: 1, stride: 1, padding: 'valid', bias: true },
  {
    name: 'deep 32→64 14×14 3×3 same (multi-tile N and K)',
    batch: 2,
    inC: 32,
    inH: 14,
    inW: 14,
    outC: 64,
    kernel: 3,
    stride: 1,
    padding: 'same',
    bias: true,
    activation: 'relu',
  },
  { name: '17→70 6×6 3×3 same (N past one tile)', batch: 1, inC: 17, inH: 6, inW: 6, outC: 70, kernel: 3, stride: 1, padding: 'same' },
  {
    name: '12→12 8×8 3×3 same (a second block of 4 channels)',
    batch: 2,
    inC: 12,
    inH: 8,
    inW: 8,
    outC: 12,
    kernel: 3,
    stride: 1,
    padding: 'same',
    bias: true,
    activation: 'relu',
  },
  // 8 pixels per invocation on a software adapter (TALL), with pixels past the end: one block of
  // channels (and so for the input gradient), then two.
  {
    name: 'tall 3→5 30×30 3×3 same, batch 5',
    batch: 5,
    inC: 3,
    inH: 30,
    inW: 30,
    outC: 5,
    kernel: 3,
    stride: 1,
    padding: 'same',
    bias: true,
    activation: 'relu',
  },
  { name: 'tall 6→20 21×21 3×3 same, batch 5', batch: 5, inC: 6, inH: 21, inW: 21, outC: 20, kernel: 3, stride: 1, padding: 'same', bias: true },
  // cnn-bn's third conv: on a software adapter, 2 splits of 32 blocks of dw per workgroup.
  { name: 'wide 64→128 7×7 3×3 same, batch 8 (few splits)', batch: 8, inC: 64, inH: 7, inW: 7, outC: 128, kernel: 3, stride: 1, padding: 'same' },
];

// The other epilogues, forward only (the gradient kernels take dy w.r.t. the pre-activation).
// 'valid' and 'same' padding reach both paths of the software variant (INSIDE or not).
const activationCases: Case[] = [
  {
    name: '4→6 11×9 5×5 valid stride 2, bias+tanh',
    batch: 2,
    inC: 4,
    inH: 11,
    inW: 9,
    outC: 6,
    kernel: 5,
    stride: 2,
    padding: 'valid',
    bias: true,
    activation: 'tanh',
  },
  {
    name: 'odd 3→5 13×13 3×3 same, bias+sigmoid',
    batch: 2,
    inC: 3,
    inH: 13,
    inW: 13,
    outC: 5,
    kernel: 3,
    stride: 1,
    padding: 'same',
    bias: true,
    activation: 'sigmoid',
  },
  {
    name: 'deep 32→64 14×14 3×3 same (multi-tile N and K), tanh',
    batch: 2,
    inC: 32,
    inH: 14,
    inW: 14,
    outC: 64,
    kernel: 3,
    stride: 1,
    padding: 'same',
    activation: 'tanh',
  },
  {
    name: 'seed conv 1→32 3×3 valid 28×28, batch 1, bias+sigmoid',
    batch: 1,
    inC: 1,
    inH: 28,
    inW: 28,
    outC: 32,
    kernel: 3,
    stride: 1,
    padding: 'valid',
    bias: true,
    activation: 'sigmoid',
  },
];

function data(s: Conv2dShape, withBias = false) {
  const g = conv2dGeometry(s);
  const yLen = s.batch * s.outC * g.outH * g.outW;
  return {
    xLen: s.batch * s.inC * s.inH * s.inW,
    yLen,
    wLen: s.outC * s.inC * s.kernel * s.kernel,
    x: randomF32(s.batch * s.inC * s.inH * s.inW, 1),
    w: randomF32(s.outC * s.inC * s.kernel * s.kernel, 2),
    bias: withBias ? randomF32(s.outC, 3) : undefined,
    dy: randomF32(yLen, 4),
  };
}

// Every kernel runs in both variants on any adapter: workgroup-tiled (real GPUs) and
// barrier-free over zero-bordered copies (software adapters, ctx.software).
const variants = [
  { variant: 'tiled', software: false },
  { variant: 'software', software: true },
];

type TestGpu = Awaited<ReturnType<typeof testGpu>> & { software: boolean };

/** The buffers conv2dScratchBytes names for this adapter, as the planner would place them. */
function scratchFor(gpu: TestGpu, c: Conv2dShape) {
  const sizes = conv2dScratchBytes(c, { software: gpu.software, train: true, dx: true });
  const b = Object.fromEntries(Object.entries(sizes).map(([name, bytes]) => [name, emptyBuffer(gpu, bytes)]));
  return { paddedX: b['padded-x'], paddedDy: b['padded-dy'], scratch: b['grad-filter-scratch'] };
}

async function forward(c: Case, software = false) {
  const gpu = { ...(await testGpu()), software };
  const d = data(c, c.bias);
  // Output starts as NaN so an element the kernel never writes fails the comparison.
  const out = gpuBuffer(gpu, new Float32Array(d.yLen).fill(NaN));
  const { paddedX } = scratchFor(gpu, c);
  const ds = await conv2d(gpu, c, { x: gpuBuffer(gpu, d.x), w: gpuBuffer(gpu, d.w), bias: d.bias && gpuBuffer(gpu, d.bias), out, paddedX });
  await run(gpu, ds);
  return { got: await readF32(gpu, out, d.yLen), d, shaders: ds.map((x) => x.pipeline.label.split(':')[0]) };
}

describe.each(variants)('conv2d forward ($variant) vs reference', ({ software }) => {
  it.each([...cases, ...activationCases])('$name', async (c) => {
    const { got, d } = await forward(c, software);
    assertClose(got, ref.conv2d(d.x, d.w, d.bias, c), TOL, c.name);
  });

  it('the comparison catches a wrong answer (ReLU left out)', async () => {
    const c = cases[2];
    const { got, d } = await forward({ ...c, activation: 'relu' }, software);
    expect(findMismatch(got, ref.conv2d(d.x, d.w, d.bias, c), TOL)).not.toBeNull();
  });

  it('the comparison catches the wrong activation (sigmoid for tanh)', async () => {
    const c = activationCases[0];
    const { got, d } = await forward(c, software);
    expect(findMismatch(got, ref.conv2d(d.x, d.w, d.bias, { ...c, activation: 'sigmoid' }), TOL)).not.toBeNull();
  });
});

describe('conv2d forward on a software adapter', () => {
  it('stores whole vec4s where an image holds whole vec4s of output pixels, and only there', async () => {
    const shaders = async (c: Conv2dShape) => (await forward({ ...c, name: 'route' }, true)).shaders;
    // The seed conv1: 26 × 26 = 676 pixels.
    expect(await shaders(cases[0])).toEqual(['conv2d-software-vec4']);
    // 13 × 13 = 169 pixels, after the bordered copy.
    expect(await shaders(cases[2])).toEqual(['pad', 'conv2d-software']);
  });
});

describe.each(variants)('conv2d grad-input ($variant) vs reference', ({ software }) => {
  it.each(cases)('$name', async (c) => {
    const gpu = { ...(await testGpu()), software };
    const d = data(c);
    const dx = gpuBuffer(gpu, new Float32Array(d.xLen).fill(NaN));
    const { paddedDy } = scratchFor(gpu, c);
    const ds = await conv2dGradInput(gpu, c, { dy: gpuBuffer(gpu, d.dy), w: gpuBuffer(gpu, d.w), dx, paddedDy });
    // Twice, with another dy in between: the bordered copy's border must stay zero.
    const other = await conv2dGradInput(gpu, c, { dy: gpuBuffer(gpu, randomF32(d.yLen, 9)), w: gpuBuffer(gpu, d.w), dx, paddedDy });
    await run(gpu, [...other, ...ds]);
    assertClose(await readF32(gpu, dx, d.xLen), ref.conv2dGradInput(d.dy, d.w, c), TOL, c.name);
  });
});

describe.each(variants)('conv2d grad-filter ($variant) vs reference', ({ software }) => {
  it.each(cases)('$name', async (c) => {
    const gpu = { ...(await testGpu()), software };
    const d = data(c);
    const dw = gpuBuffer(gpu, new Float32Array(d.wLen).fill(NaN));
    const db = gpuBuffer(gpu, new Float32Array(c.outC).fill(NaN));
    const { scratch, paddedX } = scratchFor(gpu, c);
    const x = gpuBuffer(gpu, d.x);
    // The filter gradient reads the forward pass's bordered copy of x, as in a training step.
    const fwd = await conv2d(gpu, c, { x, w: gpuBuffer(gpu, d.w), out: emptyBuffer(gpu, d.yLen * 4), paddedX });
    const ds = await conv2dGradFilter(gpu, c, { dy: gpuBuffer(gpu, d.dy), x, dw, db, scratch, paddedX });
    // Twice: dw and db are overwritten, not accumulated.
    await run(gpu, [...fwd, ...ds, ...ds]);
    const want = ref.conv2dGradFilter(d.dy, d.x, c);
    assertClose(await readF32(gpu, dw, d.wLen), want.dw, GRAD_FILTER_TOL, `${c.name} dw`);
    assertClose(await readF32(gpu, db, c.outC), want.db, GRAD_FILTER_TOL, `${c.name} db`);
  });

  it('without db, writes dw only', async () => {
    const gpu = { ...(await testGpu()), software };
    const c = cases[2];
    const d = data(c);
    const dw = emptyBuffer(gpu, d.wLen * 4);
    const { scratch, paddedX } = scratchFor(gpu, c);
    const x = gpuBuffer(gpu, d.x);
    const fwd = await conv2d(gpu, c, { x, w: gpuBuffer(gpu, d.w), out: emptyBuffer(gpu, d.yLen * 4), paddedX });
    const ds = await conv2dGradFilter(gpu, c, { dy: gpuBuffer(gpu, d.dy), x, dw, scratch, paddedX });
    expect(ds).toHaveLength(2);
    await run(gpu, [...fwd, ...ds]);
    assertClose(await readF32(gpu, dw, d.wLen), ref.conv2dGradFilter(d.dy, d.x, c).dw, GRAD_FILTER_TOL);
  });
});

describe('conv2d kernels refuse bad shapes before any GPU work', () => {
  const bad = [
    { s: { ...cases[2], kernel: 15, padding: 'valid' as const }, message: /conv: kernel 15 is larger than the 13×13 input/ },
    { s: { ...cases[2], inC: 0 }, message: /conv: inC must be a positive integer, got 0/ },
  ];
  it.each(bad)('$message', async ({ s, message }) => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    await expect(conv2d(gpu, s, { x: b, w: b, out: b }, 'conv')).rejects.toThrow(message);
    await expect(conv2dGradInput(gpu, s, { dy: b, w: b, dx: b }, 'conv')).rejects.toThrow(message);
    await expect(conv2dGradFilter(gpu, s, { dy: b, x: b, dw: b, scratch: b }, 'conv')).rejects.toThrow(message);
  });

  it('refuses an unknown activation in the forward', async () => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    const s = { ...cases[2], activation: 'gelu' } as unknown as Conv2dShape;
    await expect(conv2d(gpu, s, { x: b, w: b, out: b }, 'conv')).rejects.toThrow(/^conv: activation must be one of none, relu, tanh, sigmoid, got gelu$/);
  });

  it('refuses a missing or short scratch, naming the size', async () => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    const c = cases[2];
    await expect(conv2dGradFilter(gpu, c, { dy: b, x: b, dw: b }, 'conv')).rejects.toThrow(/conv: scratch must hold \d+ bytes.*got none/);
    await expect(conv2dGradFilter(gpu, c, { dy: b, x: b, dw: b, scratch: b }, 'conv')).rejects.toThrow(/got 4$/);
  });

  it('on a software adapter, refuses a missing or short bordered copy, naming the size', async () => {
    const gpu = { ...(await testGpu()), software: true };
    const b = emptyBuffer(gpu, 4);
    const c = cases[2];
    const { scratch } = scratchFor(gpu, c);
    await expect(conv2d(gpu, c, { x: b, w: b, out: b }, 'conv')).rejects.toThrow(/^conv: paddedX must hold 5400 bytes \(conv2dScratchBytes\), got none$/);
    await expect(conv2dGradInput(gpu, c, { dy: b, w: b, dx: b, paddedDy: b }, 'conv')).rejects.toThrow(
      /^conv: paddedDy must hold 9000 bytes \(conv2dScratchBytes\), got 4$/,
    );
    await expect(conv2dGradFilter(gpu, c, { dy: b, x: b, dw: b, scratch }, 'conv')).rejects.toThrow(/paddedX must hold/);
  });

  it('splits the filter gradient on a software adapter as few ways as keep it busy, in powers of two up to 64', () => {
    // blocks of 4×8 dw, rows of output pixels to share out
    expect(softwareSplits(16, 1664)).toBe(64); // the seed conv at batch 64
    expect(softwareSplits(576, 448)).toBe(8); // cnn-bn's conv2 at batch 32
    expect(softwareSplits(2304, 224)).toBe(2); // cnn-bn's conv3 at batch 32
    expect(softwareSplits(576, 28)).toBe(8);
    expect(softwareSplits(64, 28)).toBe(16);
    expect(softwareSplits(4, 3)).toBe(2);
    expect(softwareSplits(1, 1)).toBe(1);
  });

  it('plans the bordered copies only on a software adapter, and the dy copy only at stride 1 with a dx', () => {
    const c = cases[2];
    expect(Object.keys(conv2dScratchBytes(c, { software: false, train: true, dx: true }))).toEqual(['grad-filter-scratch']);
    expect(Object.keys(conv2dScratchBytes(c, { software: true, train: true, dx: true }))).toEqual(['padded-x', 'padded-dy', 'grad-filter-scratch']);
    expect(Object.keys(conv2dScratchBytes(c, { software: true, train: false, dx: false }))).toEqual(['padded-x']);
    expect(Object.keys(conv2dScratchBytes(cases[3], { software: true, train: true, dx: true }))).toEqual(['padded-x', 'grad-filter-scratch']);
    expect(Object.keys(conv2dScratchBytes(cases[0], { software: true, train: true, dx: false }))).toEqual(['grad-filter-scratch']);
  });
});
