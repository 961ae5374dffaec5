// The CPU engine's threads in Node: worker_threads over shared memory (src/cpu/threads).
import { ONE_THREAD, type CpuThreads } from '../../src/cpu/threads.ts';

export function startNodeThreads(threads: number): Promise<CpuThreads> {
  if (threads === 1) return Promise.resolve(ONE_THREAD);
  return Promise.reject(new Error(`--threads ${threads}: the thread pool is not built yet`));
}
