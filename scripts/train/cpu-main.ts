// The CPU host of `npm run train -- --backend wasm`: the WebAssembly engine in Node alone, no
// browser and no GPU, its kernels on `threads` threads (worker_threads over shared memory).
import { resolve } from 'node:path';
import { loadMnistFromDisk } from '../../src/data/mnist-node.ts';
import { CpuBackend } from '../../src/cpu/cpu-backend.ts';
import { startNodeThreads } from '../lib/node-threads.ts';
import { CLI_ENGINE_EVENTS, runTraining, type TrainRequest, type TrainTick } from './run-training.ts';

export async function trainOnCpu(req: TrainRequest, dataDir: string | undefined, threads: number, onTick: (t: TrainTick) => void) {
  const mnist = await loadMnistFromDisk(dataDir ?? resolve('public/data'));
  const pool = await startNodeThreads(threads);
  try {
    const engine = await new CpuBackend(pool).open(() => Promise.resolve(mnist), CLI_ENGINE_EVENTS);
    return await runTraining(engine, 'wasm', mnist, req, onTick);
  } finally {
    await pool.destroy();
  }
}
