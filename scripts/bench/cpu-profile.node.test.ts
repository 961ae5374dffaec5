// The CPU profile's bookkeeping: the FLOPs read from a kernel's arguments agree with the layer
// kinds' counts, calls group by kernel and shape per step, and the recorder times the calls of a
// real Run on the real kernels only while recording.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/model/graph.ts';
import { preset } from '../../src/model/presets.ts';
import { kernelBench } from '../../src/testing/cpu-kernels.ts';
import { ONE_THREAD } from '../../src/cpu/threads.ts';
import { COUNTED_KERNELS, cpuKernelFigures, kernelWork, KernelRecorder, type KernelCall } from './cpu-profile.ts';

const graph = buildGraph(preset('cnn'));
const [conv, , dense1] = graph.layers;
const B = 64;

describe('kernelWork', () => {
  it("counts a gemm's and a conv's FLOPs as the layer kinds do", () => {
    const [inC, inH, inW] = graph.spec.input;
    const [outC, outH, outW] = conv.output;
    // conv2d_forward(x, w, bias, y, cols, grain, inC, inH, inW, outC, k, stride, padTop, padLeft, outH, outW, act) over B images
    const forward = kernelWork({ name: 'conv2d_forward', total: B, args: [0, 0, 0, 0, 0, 0, inC, inH, inW, outC, 3, 1, 0, 0, outH, outW, 1] });
    expect(forward).toEqual({ shape: `64×1→32 3×3 → 26×26`, flops: B * conv.flops.forward });
    const filterGrad = kernelWork({ name: 'conv2d_filter_grad', total: outC, args: [0, 0, 0, B, outC, inC * 9, outH * outW] });
    expect(filterGrad?.flops).toBe(B * conv.flops.weightGrad);
    const inputGrad = kernelWork({ name: 'conv2d_input_grad', total: B, args: [0, 0, 0, 0, 0, inC, inH, inW, outC, 3, 1, 0, 0, outH, outW] });
    expect(inputGrad?.flops).toBe(B * conv.flops.inputGrad);
    // gemm(transA, transB, M, N, K, a, b, c, bias, act, accumulate): dense1's forward, batch rows
    const units = dense1.output[0];
    const inputs = graph.layers[1].output.reduce((a, b) => a * b, 1);
    expect(kernelWork({ name: 'gemm', total: B, args: [0, 1, B, units, inputs, 0, 0, 0, 0, 1, 0] })).toEqual({
      shape: `64×128×5408`,
      flops: B * dense1.flops.forward,
    });
    expect(kernelWork({ name: 'adam_update', total: 10, args: [] })).toBeNull();
  });

  it('reads the arguments each compiled kernel takes', async () => {
    const k = (await kernelBench({ x: 1 })).k as unknown as Record<string, (...args: number[]) => void>;
    // A wasm export's length is its parameter count: the arguments, then begin and end.
    const present = Object.entries(COUNTED_KERNELS).filter(([name]) => name in k);
    for (const [name, args] of present) expect([name, k[name].length]).toEqual([name, args + 2]);
  });
});

describe('cpuKernelFigures', () => {
  const gemm = (ms: number, M = 64): KernelCall => ({ name: 'gemm', total: M, args: [0, 0, M, 10, 128, 0, 0, 0, 0, 0, 0], ms });
  const relu = (ms: number): KernelCall => ({ name: 'activation_forward', total: 100, args: [1, 0], ms });

  it('groups by kernel and shape, per step, most time first, with GFLOP/s where the kernel counts FLOPs', () => {
    const rows = cpuKernelFigures([gemm(1), relu(0.5), gemm(3), relu(0.5), gemm(0.2, 1)], 2);
    expect(rows.map((r) => [r.kernel, r.shape, r.calls])).toEqual([
      ['gemm', '64×10×128', 1],
      ['activation_forward', '', 1],
      ['gemm', '1×10×128', 0.5],
    ]);
    expect(rows[0].ms).toBe(2);
    expect(rows[0].share).toBeCloseTo(4 / 5.2, 12);
    // 2 calls × 2·64·10·128 FLOPs in 4 ms
    expect(rows[0].gflop_per_s).toBeCloseTo((2 * 2 * 64 * 10 * 128) / 4e6, 12);
    expect(rows[1].gflop_per_s).toBeNull();
    // The 1×10×128 gemm: 0.2 ms in all, too short to read a rate from.
    expect(rows[2].gflop_per_s).toBeNull();
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
  });

  it('refuses a profile of no steps', () => {
    expect(() => cpuKernelFigures([], 0)).toThrow(/a profile of 0 steps/);
  });
});

describe('KernelRecorder', () => {
  it("times a real Run's calls while recording, runs them all, and detaches the Run it wrapped", async () => {
    const bench = await kernelBench({ y: [-1, 2, -3, 4] });
    let clock = 0;
    const recorder = new KernelRecorder(() => (clock += 0.25));
    const detached: unknown[] = [];
    const threads = recorder.threads({ ...ONE_THREAD, detach: (run) => Promise.resolve(void detached.push(run)) });
    const inner = await ONE_THREAD.attach(bench.memory, bench.k);
    const run = await threads.attach(bench.memory, bench.k);
    expect(recorder.kernels).toBe(bench.k);
    run.parallel('activation_forward', 2, [1, bench.regions.y.offset]);
    expect(recorder.calls).toEqual([]);
    recorder.recording = true;
    run.parallel('activation_forward', 4, [1, bench.regions.y.offset]);
    run.parallel('activation_forward', 0, [1, bench.regions.y.offset]);
    expect(recorder.calls).toEqual([{ name: 'activation_forward', total: 4, args: [1, bench.regions.y.offset], ms: 0.25 }]);
    expect(Array.from(bench.read('y'))).toEqual([0, 2, 0, 4]);
    await threads.detach(run);
    expect(detached).toHaveLength(1);
    expect(detached[0]).not.toBe(run);
    expect((detached[0] as typeof inner).threads).toBe(inner.threads);
  });
});
