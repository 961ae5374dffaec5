// What a layer's forward and backward get to run its kernels: the kernels on the model's memory,
// and `parallel`, which splits one kernel call over the thread pool. A kernel split this way
// takes [begin, end) of one independent dimension as its last two arguments and sums each output
// on one thread in one order, so the split never changes the bits.
import type { KernelExports, KernelName } from './wasm/kernel-exports.ts';

export interface Run {
  /** The kernels, for calls made once on this thread. */
  readonly k: KernelExports;
  readonly memory: WebAssembly.Memory;
  /** Threads the pool runs kernels on (1: this thread alone). */
  readonly threads: number;
  /**
   * Calls kernel `name` with `args` and a range of [0, total) on each thread, the ranges covering
   * it once; returns when every range is done. `grain`: ranges are multiples of it (the last
   * excepted), for kernels that work in blocks.
   */
  parallel(name: KernelName, total: number, args: readonly number[], grain?: number): void;
}

/** Splits [0, total) into at most `parts` contiguous ranges of whole grains, larger first. */
export function splitRange(total: number, parts: number, grain = 1): [number, number][] {
  const grains = Math.ceil(total / grain);
  const n = Math.max(1, Math.min(parts, grains));
  const ranges: [number, number][] = [];
  let begin = 0;
  for (let i = 0; i < n; i++) {
    const count = Math.floor(grains / n) + (i < grains % n ? 1 : 0);
    const end = Math.min(total, begin + count * grain);
    if (end > begin) ranges.push([begin, end]);
    begin = end;
  }
  return ranges;
}

/** Runs every kernel on this thread: the run of a page that is not cross-origin isolated. */
export function singleThreadRun(k: KernelExports, memory: WebAssembly.Memory): Run {
  const fns = k as unknown as Record<KernelName, (...a: number[]) => void>;
  return {
    k,
    memory,
    threads: 1,
    parallel(name, total, args) {
      if (total > 0) fns[name](...args, 0, total);
    },
  };
}
