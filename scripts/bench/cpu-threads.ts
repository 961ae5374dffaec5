// The CPU engine's threads in the bench page: as many as asked where the page is cross-origin
// isolated (cli.ts serves it so) and the pool can start, one otherwise, and the log says which.
import { ONE_THREAD, type CpuThreads } from '../../src/cpu/threads.ts';

export function pageCpuThreads(wanted: number, log: (line: string) => void): Promise<CpuThreads> {
  if (wanted > 1 && !globalThis.crossOriginIsolated) log(`the page is not cross-origin isolated: the CPU engine runs on 1 thread, not ${wanted}`);
  // The thread pool (src/cpu/threads/) and its page spawner are not in this tree yet.
  else if (wanted > 1) log(`the CPU engine has no thread pool in this build: 1 thread, not ${wanted}`);
  return Promise.resolve(ONE_THREAD);
}
