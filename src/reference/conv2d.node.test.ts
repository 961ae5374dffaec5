import { describe, expect, it } from 'vitest';
import { conv2d, conv2dGradFilter, conv2dGradInput } from './conv2d.ts';
import { conv2dGradFilterScratchBytes } from '../gpu/kernels/conv2d-grad-filter.ts';
import { conv2dGeometry, type Conv2dShape } from '../model/geometry.ts';
import { assertClose, findMismatch, type Tolerance } from '../testing/close.ts';
import { centralDifferences, linearLoss } from '../testing/finite-differences.ts';
import { randomF32 } from '../testing/random.ts';

const base: Conv2dShape = { batch: 1, inC: 1, inH: 28, inW: 28, outC: 1, kernel: 3, stride: 1, padding: 'valid' };

describe('conv2dGeometry (TF/Keras rules)', () => {
  it.each([
    { name: 'valid 28, k3, s1', s: {}, want: { outH: 26, outW: 26, padTop: 0, padLeft: 0 } },
    { name: 'same 28, k3, s1', s: { padding: 'same' }, want: { outH: 28, outW: 28, padTop: 1, padLeft: 1 } },
    { name: 'valid 13×11, k5, s2', s: { inH: 13, inW: 11, kernel: 5, stride: 2 }, want: { outH: 5, outW: 4, padTop: 0, padLeft: 0 } },
    // 10 → ceil(10/2) = 5; pad total (5−1)·2 + 3 − 10 = 1: all of it at the bottom/right.
    { name: 'same 10, k3, s2 (asymmetric)', s: { inH: 10, inW: 10, padding: 'same', stride: 2 }, want: { outH: 5, outW: 5, padTop: 0, padLeft: 0 } },
    { name: 'same 13, k3, s2', s: { inH: 13, inW: 13, padding: 'same', stride: 2 }, want: { outH: 7, outW: 7, padTop: 1, padLeft: 1 } },
    { name: 'same 7, k5, s1', s: { inH: 7, inW: 7, padding: 'same', kernel: 5 }, want: { outH: 7, outW: 7, padTop: 2, padLeft: 2 } },
    { name: 'same 5, k1, s3 (no pad)', s: { inH: 5, inW: 5, padding: 'same', kernel: 1, stride: 3 }, want: { outH: 2, outW: 2, padTop: 0, padLeft: 0 } },
    { name: 'same 3, k7, s1 (kernel bigger than input)', s: { inH: 3, inW: 3, padding: 'same', kernel: 7 }, want: { outH: 3, outW: 3, padTop: 3, padLeft: 3 } },
  ] as const)('$name', ({ s, want }) => {
    expect(conv2dGeometry({ ...base, ...s })).toEqual(want);
  });

  it.each([
    { s: { kernel: 29 }, message: /kernel 29 is larger than the 28×28 input/ },
    { s: { kernel: 33, inH: 40, inW: 40, padding: 'same' }, message: /kernel 33 is over 32, the widest the conv kernels take/ },
    { s: { inC: 0 }, message: /inC must be a positive integer, got 0/ },
    { s: { outC: 0 }, message: /outC must be a positive integer, got 0/ },
    { s: { stride: 1.5 }, message: /stride must be a positive integer, got 1.5/ },
    { s: { batch: -1 }, message: /batch must be a positive integer/ },
    { s: { padding: 'full' }, message: /padding must be 'valid' or 'same', got full/ },
  ])('refuses $s', ({ s, message }) => {
    expect(() => conv2dGeometry({ ...base, ...s } as Conv2dShape, 'conv1')).toThrow(message);
    expect(() => conv2dGeometry({ ...base, ...s } as Conv2dShape, 'conv1')).toThrow(/^conv1: /);
    expect(() => conv2dGradFilterScratchBytes({ ...base, ...s } as Conv2dShape)).toThrow(message);
  });
});

describe('conv2d reference forward', () => {
  it('matches a hand-computed 1×1×3×3 valid 2×2 filter with bias and ReLU', () => {
    const s: Conv2dShape = { batch: 1, inC: 1, inH: 3, inW: 3, outC: 2, kernel: 2, stride: 1, padding: 'valid', activation: 'relu' };
    const x = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const w = new Float32Array([1, 0, 0, 1, -1, 0, 0, -1]); // o0: main diagonal; o1: its negation
    const out = conv2d(x, w, new Float32Array([0.5, 1]), s);
    expect(Array.from(out)).toEqual([6.5, 8.5, 12.5, 14.5, 0, 0, 0, 0]);
  });

  it.each([
    { activation: 'tanh', f: Math.tanh },
    { activation: 'sigmoid', f: (v: number) => 1 / (1 + Math.exp(-v)) },
  ] as const)('applies $activation after the bias', ({ activation, f }) => {
    const s: Conv2dShape = { batch: 1, inC: 1, inH: 3, inW: 3, outC: 2, kernel: 2, stride: 1, padding: 'valid', activation };
    // Scaled so the pre-activations (0.65 … 1.45 and −1.3 … −0.5) sit where both curves bend.
    const x = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9].map((v) => v / 10));
    const w = new Float64Array([1, 0, 0, 1, -1, 0, 0, -1]);
    const out = conv2d(x, w, new Float64Array([0.05, 0.1]), s, Float64Array);
    const pre = [0.65, 0.85, 1.25, 1.45, -0.5, -0.7, -1.1, -1.3];
    expect(out).toBeInstanceOf(Float64Array);
    Array.from(out).forEach((v, i) => expect(v).toBeCloseTo(f(pre[i]), 12));
  });

  it("pads 'same' with zeros: a 3×3 box filter counts in-range neighbours", () => {
    const s: Conv2dShape = { batch: 1, inC: 1, inH: 3, inW: 3, outC: 1, kernel: 3, stride: 1, padding: 'same' };
    const out = conv2d(new Float32Array(9).fill(1), new Float32Array(9).fill(1), undefined, s);
    expect(Array.from(out)).toEqual([4, 6, 4, 6, 9, 6, 4, 6, 4]);
  });
});

// loss(x, w, bias) = Σ conv(x, w, bias) · R is linear in each argument, so central differences
// in float64 are exact up to rounding (~1e-12 here); the reference gradients come back as f32.
const EPS = 1e-3;
const FD_TOL: Tolerance = { atol: 1e-5, rtol: 1e-5 };

function problem(s: Conv2dShape, seed: number) {
  const g = conv2dGeometry(s);
  const x = Float64Array.from(randomF32(s.batch * s.inC * s.inH * s.inW, seed));
  const w = Float64Array.from(randomF32(s.outC * s.inC * s.kernel * s.kernel, seed + 1));
  const bias = Float64Array.from(randomF32(s.outC, seed + 2));
  const r = randomF32(s.batch * s.outC * g.outH * g.outW, seed + 3);
  const f = () => linearLoss(conv2d(x, w, bias, s, Float64Array), r);
  return { x, w, bias, r, fd: { x: centralDifferences(x, f, EPS), w: centralDifferences(w, f, EPS), bias: centralDifferences(bias, f, EPS) } };
}

const fdCases: (Conv2dShape & { name: string })[] = [
  { name: 'valid k3 s1, 2×2×6×6 → 3', batch: 2, inC: 2, inH: 6, inW: 6, outC: 3, kernel: 3, stride: 1, padding: 'valid' },
  { name: 'same k3 s2 odd 7×5', batch: 2, inC: 3, inH: 7, inW: 5, outC: 2, kernel: 3, stride: 2, padding: 'same' },
  { name: 'same k3 s2 even 6×6 (padding all at the end)', batch: 1, inC: 2, inH: 6, inW: 6, outC: 3, kernel: 3, stride: 2, padding: 'same' },
  { name: 'same k5 s1 5×6', batch: 1, inC: 2, inH: 5, inW: 6, outC: 2, kernel: 5, stride: 1, padding: 'same' },
  { name: 'valid k1 s2 5×5', batch: 2, inC: 3, inH: 5, inW: 5, outC: 4, kernel: 1, stride: 2, padding: 'valid' },
];

describe('conv2d reference gradients vs central finite differences of the forward', () => {
  it.each(fdCases)('$name', (s) => {
    const { x, w, r, fd } = problem(s, 11);
    assertClose(conv2dGradInput(r, w, s), fd.x, FD_TOL, 'dx');
    const { dw, db } = conv2dGradFilter(r, x, s);
    assertClose(dw, fd.w, FD_TOL, 'dw');
    assertClose(db, fd.bias, FD_TOL, 'db');
  });

  it('the check rejects a flipped filter and a dy off by 1e-3 in one element', () => {
    const s = fdCases[1];
    const { x, w, r, fd } = problem(s, 11);
    // True convolution instead of cross-correlation: the classic transposed-conv mistake.
    const flipped = w.slice();
    const k2 = s.kernel * s.kernel;
    for (let f = 0; f < flipped.length; f += k2) flipped.subarray(f, f + k2).reverse();
    expect(findMismatch(conv2dGradInput(r, flipped, s), fd.x, FD_TOL)).not.toBeNull();
    const nudged = r.slice();
    nudged[5] += 1e-3;
    expect(findMismatch(conv2dGradFilter(nudged, x, s).dw, fd.w, FD_TOL)).not.toBeNull();
    expect(findMismatch(conv2dGradFilter(nudged, x, s).db, fd.bias, FD_TOL)).not.toBeNull();
  });
});
