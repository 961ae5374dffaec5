// The CPU engine's helper threads in Node: worker_threads running node-thread-helper.ts (through
// node-thread-helper.mjs, which loads it with tsx). Node always has shared memory.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ThreadPool, type ThreadSpawner } from '../../src/cpu/threads/pool.ts';

/** The default thread count: the cores Node may use. */
export const nodeCores = (): number => availableParallelism();

export const nodeThreadSpawner: ThreadSpawner = (index) => {
  const worker = new Worker(new URL('./node-thread-helper.mjs', import.meta.url), { name: `inkling-cpu-${index}` });
  return {
    postMessage: (m) => worker.postMessage(m),
    listen(onReply, onFailure) {
      worker.on('message', onReply);
      worker.on('error', onFailure);
      worker.on('exit', (code) => onFailure(new Error(`exited with code ${code}`)));
      worker.unref();
    },
    // An idle pool, never destroyed, does not keep the process alive; one awaiting a reply does.
    awaiting: (waiting) => (waiting ? worker.ref() : worker.unref()),
    terminate: () => worker.terminate(),
  };
};

/** The CPU engine's threads for a Node run: a pool of `threads` (1: this thread alone, no worker). */
export function startNodeThreads(threads: number): Promise<ThreadPool> {
  return ThreadPool.open(threads, nodeThreadSpawner);
}
