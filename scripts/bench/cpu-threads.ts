// The CPU engine's threads in the bench page: a pool of `wanted` threads where the page is
// cross-origin isolated (cli.ts serves it so), one otherwise, and the log says which.
import { ThreadPool } from '../../src/cpu/threads/pool.ts';
import type { CpuThreads } from '../../src/cpu/threads.ts';
import { browserThreadSpawner } from '../../src/worker/cpu-threads.ts';

export async function pageCpuThreads(wanted: number, log: (line: string) => void): Promise<CpuThreads> {
  if (wanted > 1 && !globalThis.crossOriginIsolated) log(`the page is not cross-origin isolated: the CPU engine runs on 1 thread, not ${wanted}`);
  const pool = await ThreadPool.open(wanted, browserThreadSpawner);
  log(`the CPU engine runs on ${pool.threads} thread${pool.threads === 1 ? '' : 's'}`);
  return pool;
}
