// How a model's memory gets its Run: on this thread alone, or on a pool of threads over shared
// memory (src/cpu/threads/pool.ts, which implements this). The backend holds one; each model
// attaches its memory and detaches it when destroyed.
import { singleThreadRun, type Run } from './run.ts';
import type { KernelExports } from './wasm/kernel-exports.ts';

export interface CpuThreads {
  /** Threads a kernel call may use, this one included. */
  readonly threads: number;
  /** Whether models get shared memory (the kernels' shared variant). */
  readonly shared: boolean;
  attach(memory: WebAssembly.Memory, k: KernelExports): Promise<Run>;
  detach(run: Run): Promise<void>;
  destroy(): Promise<void>;
}

/** Every kernel on the calling thread, on private memory. */
export const ONE_THREAD: CpuThreads = {
  threads: 1,
  shared: false,
  attach: (memory, k) => Promise.resolve(singleThreadRun(k, memory)),
  detach: () => Promise.resolve(),
  destroy: () => Promise.resolve(),
};
