import { describe, expect, it } from 'vitest';
import { lstmBackward, lstmForward, lstmScratchBytes, lstmSeqLayout, type LstmShape } from './lstm.ts';
import * as ref from '../../reference/lstm.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { GRAD_TOL, LSTM_CASES, TOL, type LstmCase } from '../../testing/kernel-cases/lstm.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu } from '../../testing/gpu.ts';
import { randomF32 } from '../../testing/random.ts';
import type { GpuContext } from '../dispatch.ts';

// vec4 step kernels, past one group of four units.
const cases: LstmCase[] = [
  ...LSTM_CASES,
  { name: 'vec4: 12 units, batch 3, 5 steps, every step', batch: 3, steps: 5, features: 7, units: 12, returnSequences: true },
];

function inputs(s: LstmShape, seed: number) {
  const G = 4 * s.units;
  return {
    // Pixels are in [0, 1); weights up to ±0.6 drive the gates into their curved range.
    x: randomF32(s.batch * s.steps * s.features, seed, 0, 1),
    w: randomF32(s.features * G, seed + 1, -0.6, 0.6),
    u: randomF32(s.units * G, seed + 2, -0.6, 0.6),
    bias: randomF32(G, seed + 3, -0.5, 0.5),
    dy: randomF32(s.batch * (s.returnSequences ? s.steps : 1) * s.units, seed + 4),
  };
}

type Inputs = ReturnType<typeof inputs>;

// Outputs start as NaN: the kernels must overwrite every element, not accumulate or skip.
const nans = (gpu: GpuContext, n: number) => gpuBuffer(gpu, new Float32Array(n).fill(NaN));

interface Got {
  y: Float32Array;
  gates: Float32Array;
  cells: Float32Array;
  hprev: Float32Array;
  dgates: Float32Array;
  dw: Float32Array;
  du: Float32Array;
  db: Float32Array;
  dx: Float32Array | null;
}

/** The forward and the backward pass on the GPU, every output and scratch buffer prefilled with NaN. */
async function runGpu(gpu: GpuContext, s: LstmShape, d: Inputs, withDx = true): Promise<Got> {
  const garbage = (n: number) => nans(gpu, n);
  const G = 4 * s.units;
  const rows = s.batch * s.steps;
  const outLength = s.batch * (s.returnSequences ? s.steps : 1) * s.units;
  const bytes = lstmScratchBytes(s, { dx: withDx });
  const layout = lstmSeqLayout(s);
  const b = {
    x: gpuBuffer(gpu, d.x),
    w: gpuBuffer(gpu, d.w),
    u: gpuBuffer(gpu, d.u),
    bias: gpuBuffer(gpu, d.bias),
    dy: gpuBuffer(gpu, d.dy),
    y: garbage(outLength),
    seq: garbage(bytes.seq / 4),
    // Step slots of garbage too: the forward writes them itself.
    steps: gpuBuffer(gpu, new Uint32Array(bytes.steps / 4).fill(0xdeadbeef)),
    dgates: garbage(bytes.dgates / 4),
    carry: garbage(bytes.carry / 4),
    ut: bytes['recurrent-t'] ? garbage(bytes['recurrent-t'] / 4) : undefined,
    dw: garbage(s.features * G),
    du: garbage(s.units * G),
    db: garbage(G),
    dx: withDx ? garbage(rows * s.features) : null,
    scratch: bytes['split-k-scratch'] ? garbage(bytes['split-k-scratch'] / 4) : undefined,
  };
  const forward = await lstmForward(gpu, s, { ...b });
  const backward = await lstmBackward(gpu, s, { ...b });
  await run(gpu, [...forward, ...backward]);
  const seq = await readF32(gpu, b.seq, layout.floats);
  return {
    y: await readF32(gpu, b.y, outLength),
    gates: seq.slice(layout.gates, layout.gates + rows * G),
    cells: seq.slice(layout.cells, layout.cells + rows * s.units),
    hprev: seq.slice(layout.hprev, layout.hprev + rows * s.units),
    dgates: await readF32(gpu, b.dgates, rows * G),
    dw: await readF32(gpu, b.dw, s.features * G),
    du: await readF32(gpu, b.du, s.units * G),
    db: await readF32(gpu, b.db, G),
    dx: b.dx ? await readF32(gpu, b.dx, rows * s.features) : null,
  };
}

function expected(s: LstmShape, d: Inputs) {
  const f = ref.lstmForward(d.x, d.w, d.u, d.bias, s);
  return { ...f, ...f.saved, ...ref.lstmBackward(d.x, d.dy, d.w, d.u, f.saved, s) };
}

function check(got: Got, want: ReturnType<typeof expected>) {
  assertClose(got.gates, want.gates, TOL, 'gates');
  assertClose(got.cells, want.cells, TOL, 'cells');
  assertClose(got.hprev, want.hprev, TOL, 'h_{t−1}');
  assertClose(got.y, want.y, TOL, 'y');
  assertClose(got.dgates, want.dgates, GRAD_TOL, 'dgates');
  assertClose(got.db, want.db, GRAD_TOL, 'db');
  assertClose(got.dw, want.dw, GRAD_TOL, 'dW');
  assertClose(got.du, want.du, GRAD_TOL, 'dU');
  if (got.dx) assertClose(got.dx, want.dx, GRAD_TOL, 'dx');
}

// software: the GEMMs run the software kernels; otherwise the workgroup-tiled one (split over K
// where a GEMM is long and narrow, as dW and dU are).
const variants = [
  { gemm: 'tiled', software: false },
  { gemm: 'software', software: true },
];

describe.each(variants)('lstm forward and backward vs reference, $gemm GEMMs', ({ software }) => {
  it.each(cases)('$name, returnSequences $returnSequences', async (c) => {
    const gpu = { ...(await testGpu()), software };
    const d = inputs(c, 31);
    check(await runGpu(gpu, c, d), expected(c, d));
  });
});

describe('lstm layers', () => {
  it('a first layer computes no input gradient, and the rest as with one', async () => {
    const c = cases[0];
    const d = inputs(c, 37);
    const got = await runGpu(await testGpu(), c, d, false);
    expect(got.dx).toBeNull();
    check(got, expected(c, d));
  });

  it('stacked: an lstm with returnSequences feeds another, and the gradient flows back through both', async () => {
    const gpu = await testGpu();
    // The first runs the vec4 step kernels, the second the scalar ones.
    const first: LstmShape = { batch: 6, steps: 28, features: 28, units: 8, returnSequences: true };
    const second: LstmShape = { batch: 6, steps: 28, features: 8, units: 11, returnSequences: false };
    const d1 = inputs(first, 41);
    const d2 = inputs(second, 43);
    // The first layer's output is the second's input; the second's dx is the first's dy.
    const f1 = ref.lstmForward(d1.x, d1.w, d1.u, d1.bias, first);
    const x2 = Float32Array.from(f1.y);
    const f2 = ref.lstmForward(x2, d2.w, d2.u, d2.bias, second);
    const b2 = ref.lstmBackward(x2, d2.dy, d2.w, d2.u, f2.saved, second);
    const b1 = ref.lstmBackward(d1.x, b2.dx, d1.w, d1.u, f1.saved, first);

    const garbage = (n: number) => nans(gpu, n);
    const buffers = (s: LstmShape, d: Inputs, x: GPUBuffer, dx: GPUBuffer | null) => {
      const bytes = lstmScratchBytes(s, { dx: dx !== null });
      return {
        x,
        w: gpuBuffer(gpu, d.w),
        u: gpuBuffer(gpu, d.u),
        bias: gpuBuffer(gpu, d.bias),
        seq: garbage(bytes.seq / 4),
        steps: emptyBuffer(gpu, bytes.steps),
        dgates: garbage(bytes.dgates / 4),
        carry: garbage(bytes.carry / 4),
        ut: bytes['recurrent-t'] ? garbage(bytes['recurrent-t'] / 4) : undefined,
        dw: garbage(s.features * 4 * s.units),
        du: garbage(s.units * 4 * s.units),
        db: garbage(4 * s.units),
        dx,
        scratch: bytes['split-k-scratch'] ? garbage(bytes['split-k-scratch'] / 4) : undefined,
      };
    };
    const y1 = garbage(first.batch * first.steps * first.units);
    const dy1 = garbage(first.batch * first.steps * first.units);
    const y2 = garbage(second.batch * second.units);
    const l1 = buffers(first, d1, gpuBuffer(gpu, d1.x), null);
    const l2 = buffers(second, d2, y1, dy1);
    await run(gpu, [
      ...(await lstmForward(gpu, first, { ...l1, y: y1 })),
      ...(await lstmForward(gpu, second, { ...l2, y: y2 })),
      ...(await lstmBackward(gpu, second, { ...l2, dy: gpuBuffer(gpu, d2.dy) })),
      ...(await lstmBackward(gpu, first, { ...l1, dy: dy1 })),
    ]);
    assertClose(await readF32(gpu, y1, x2.length), f1.y, TOL, 'first y (every step)');
    assertClose(await readF32(gpu, y2, second.batch * second.units), f2.y, TOL, 'second y');
    assertClose(await readF32(gpu, dy1, x2.length), b2.dx, GRAD_TOL, "second dx = first's dy");
    assertClose(await readF32(gpu, l2.dw, d2.w.length), b2.dw, GRAD_TOL, 'second dW');
    assertClose(await readF32(gpu, l2.du, d2.u.length), b2.du, GRAD_TOL, 'second dU');
    assertClose(await readF32(gpu, l1.dw, d1.w.length), b1.dw, GRAD_TOL, 'first dW');
    assertClose(await readF32(gpu, l1.du, d1.u.length), b1.du, GRAD_TOL, 'first dU');
    assertClose(await readF32(gpu, l1.db, d1.bias.length), b1.db, GRAD_TOL, 'first db');
  });
});

describe('lstm checks', () => {
  it('the comparison catches a wrong answer: gates i and f swapped, gradients cut off at each step', async () => {
    const c = cases[1];
    const d = inputs(c, 47);
    const got = await runGpu(await testGpu(), c, d);
    const want = expected(c, d);
    check(got, want);
    // Swap the first two quarters (i, f) of every row of W, U and b.
    const H = c.units;
    const swap = (a: Float32Array) => {
      const out = Float32Array.from(a);
      for (let r = 0; r < a.length; r += 4 * H) {
        out.set(a.subarray(r + H, r + 2 * H), r);
        out.set(a.subarray(r, r + H), r + H);
      }
      return out;
    };
    const swapped = ref.lstmForward(d.x, swap(d.w), swap(d.u), swap(d.bias), c);
    expect(findMismatch(got.y, swapped.y, TOL)).not.toBeNull();
    // Backward without the recurrent path dG_{t+1}·Uᵀ: each step's gradient from its own dy alone.
    const cut = ref.lstmBackward(d.x, d.dy, d.w, new Float32Array(d.u.length), want.saved, c);
    expect(findMismatch(got.du, cut.du, GRAD_TOL)).not.toBeNull();
    expect(findMismatch(got.dx!, cut.dx, GRAD_TOL)).not.toBeNull();
  });

  it.each([
    { s: { units: 0 }, message: /units must be a positive integer, got 0/ },
    { s: { steps: 1.5 }, message: /steps must be a positive integer, got 1.5/ },
    { s: { batch: -1 }, message: /batch must be a positive integer/ },
  ])('refuses $s before any GPU work, naming the field', async ({ s, message }) => {
    const gpu = await testGpu();
    const shape = { batch: 2, steps: 3, features: 4, units: 5, returnSequences: false, ...s };
    const b = emptyBuffer(gpu, 4);
    const pipelines = gpu.pipelines.size;
    const all = { x: b, w: b, u: b, bias: b, y: b, seq: b, steps: b, dy: b, dgates: b, carry: b, ut: b, dw: b, du: b, db: b, dx: b };
    await expect(lstmForward(gpu, shape, all, 'lstm1')).rejects.toThrow(message);
    await expect(lstmBackward(gpu, shape, all, 'lstm1')).rejects.toThrow(message);
    expect(gpu.pipelines.size).toBe(pipelines);
  });
});
