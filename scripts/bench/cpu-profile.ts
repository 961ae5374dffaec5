// --profile for the CPU engine: every kernel call of real training steps, timed where the model
// makes it (a Run wrapped around the one its threads give it), grouped by kernel and shape, with
// the FLOPs of the matrix kernels read from their arguments (src/cpu/wasm/kernel-exports.ts
// documents each one's). Timed in place, not replayed, so a kernel pays for the caches the step
// leaves it, as in training.
import type { Run } from '../../src/cpu/run.ts';
import type { CpuThreads } from '../../src/cpu/threads.ts';
import type { KernelExports } from '../../src/cpu/wasm/kernel-exports.ts';

export interface KernelCall {
  name: string;
  /** The range [0, total) the call covers. */
  total: number;
  /** Its arguments, the range excluded. */
  args: readonly number[];
  ms: number;
}

/** One kernel at one shape, per training step. */
export interface CpuKernelFigure {
  kernel: string;
  /** What sets its work: "M×N×K" for gemm, the conv's images, channels, filter and output map; '' for the rest. */
  shape: string;
  /** Wall time of its calls per step, every thread's range included. */
  ms: number;
  /** Its part of the kernels' time. */
  share: number;
  calls: number;
  /**
   * FLOPs (2 a multiply-add) over ms; null for kernels that count none (element-wise, pooling,
   * optimizer), and for those timed less than MIN_TIMED_MS in all (a few clock ticks).
   */
  gflop_per_s: number | null;
}

export interface CpuProfile {
  batch: number;
  threads: number;
  steps: number;
  /** Wall ms of a profiled step, and the kernels' part of it (the rest: the batch's gather, JS, yields). */
  step_ms: number;
  kernel_ms: number;
  /** One thread's f32x4 multiply-add peak (the simd_peak kernel), and that times the threads. */
  simd_peak_gflop_per_s: number;
  simd_peak_all_threads: number;
  kernels: CpuKernelFigure[];
}

type Work = { shape: string; flops: number };

/**
 * A kernel's calls timed less than this over the whole profile give no GFLOP/s: a cross-origin
 * isolated page's clock ticks every 5 µs (100 µs elsewhere), so a 10 µs call reads as 0 or 2×.
 */
export const MIN_TIMED_MS = 1;

/** The FLOPs of one whole call (every range), from its arguments as kernel-exports.ts lists them. */
const KERNEL_WORK: Record<string, (args: readonly number[], total: number) => Work> = {
  // (transA, transB, M, N, K, a, b, c, bias, act, accumulate)
  gemm: ([, , M, N, K]) => ({ shape: `${M}×${N}×${K}`, flops: 2 * M * N * K }),
  // (x, w, bias, y, cols, grain, inC, inH, inW, outC, k, stride, padTop, padLeft, outH, outW, act) over images
  conv2d_forward: ([, , , , , , inC, , , outC, k, , , , outH, outW], images) => ({
    shape: `${images}×${inC}→${outC} ${k}×${k} → ${outH}×${outW}`,
    flops: 2 * images * outC * outH * outW * inC * k * k,
  }),
  // (dy, cols, dw, batch, outC, ckk, P) over output channels
  conv2d_filter_grad: ([, , , batch, outC, ckk, P]) => ({ shape: `${batch}×${outC}×${ckk}×${P}`, flops: 2 * batch * outC * ckk * P }),
  // (dy, w, dx, dcols, grain, inC, inH, inW, outC, k, stride, padTop, padLeft, outH, outW) over images
  conv2d_input_grad: ([, , , , , inC, , , outC, k, , , , outH, outW], images) => ({
    shape: `${images}×${outC}→${inC} ${k}×${k} ← ${outH}×${outW}`,
    flops: 2 * images * outC * outH * outW * inC * k * k,
  }),
  // (x, u, bias, y, scratch, chunk, grain, inC, inH, inW, outC, padTop, padLeft, outH, outW, act) over images:
  // the direct convolution's FLOPs, so its GFLOP/s reads against im2col's (Winograd does fewer).
  conv2d_winograd_forward: ([, , , , , , , inC, , , outC, , , outH, outW], images) => ({
    shape: `${images}×${inC}→${outC} 3×3 → ${outH}×${outW}`,
    flops: 2 * images * outC * outH * outW * inC * 9,
  }),
};

/** The kernels whose FLOPs the profile counts, and the arguments (range excluded) each takes. */
export const COUNTED_KERNELS: Readonly<Record<string, number>> = {
  gemm: 11,
  conv2d_forward: 17,
  conv2d_filter_grad: 7,
  conv2d_input_grad: 15,
  conv2d_winograd_forward: 16,
};

export function kernelWork(call: Pick<KernelCall, 'name' | 'args' | 'total'>): Work | null {
  const work = KERNEL_WORK[call.name];
  return work ? work(call.args, call.total) : null;
}

/** Wraps a model's threads so that, while `recording`, every kernel call of its Run is timed. */
export class KernelRecorder {
  recording = false;
  readonly calls: KernelCall[] = [];
  /** The kernels of the last model attached, for simd_peak. */
  kernels: KernelExports | null = null;

  constructor(private readonly now: () => number) {}

  threads(inner: CpuThreads): CpuThreads {
    const runs = new Map<Run, Run>();
    return {
      threads: inner.threads,
      shared: inner.shared,
      attach: async (memory, k) => {
        const run = await inner.attach(memory, k);
        this.kernels = k;
        const timed: Run = {
          k: run.k,
          memory: run.memory,
          threads: run.threads,
          parallel: (name, total, args, grain) => {
            if (!this.recording || total <= 0) return run.parallel(name, total, args, grain);
            const t0 = this.now();
            run.parallel(name, total, args, grain);
            this.calls.push({ name, total, args: [...args], ms: this.now() - t0 });
          },
        };
        runs.set(timed, run);
        return timed;
      },
      detach: (run) => {
        const wrapped = runs.get(run) ?? run;
        runs.delete(run);
        return inner.detach(wrapped);
      },
      destroy: () => inner.destroy(),
    };
  }
}

/** The calls of `steps` steps, by kernel and shape, per step, most time first. */
export function cpuKernelFigures(calls: readonly KernelCall[], steps: number): CpuKernelFigure[] {
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`a profile of ${steps} steps`);
  const rows = new Map<string, CpuKernelFigure & { flops: number }>();
  for (const call of calls) {
    const work = kernelWork(call);
    const shape = work?.shape ?? '';
    const key = `${call.name} ${shape}`;
    const row = rows.get(key) ?? { kernel: call.name, shape, ms: 0, share: 0, calls: 0, gflop_per_s: null, flops: 0 };
    row.ms += call.ms;
    row.calls++;
    row.flops += work?.flops ?? 0;
    rows.set(key, row);
  }
  const total = calls.reduce((s, c) => s + c.ms, 0);
  return [...rows.values()]
    .map(({ flops, ...row }) => ({
      ...row,
      ms: row.ms / steps,
      calls: row.calls / steps,
      share: total > 0 ? row.ms / total : 0,
      gflop_per_s: flops > 0 && row.ms >= MIN_TIMED_MS ? flops / (row.ms * 1e6) : null,
    }))
    .sort((a, b) => b.ms - a.ms);
}
