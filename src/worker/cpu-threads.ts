// The CPU engine's helper threads in a browser: module Workers started from the engine worker
// (nested workers), each running cpu-thread.worker.ts. They share memory only in a cross-origin
// isolated page; elsewhere ThreadPool.open starts none.
import type { ThreadSpawner } from '../cpu/threads/pool.ts';

export const browserThreadSpawner: ThreadSpawner = (index) => {
  const worker = new Worker(new URL('./cpu-thread.worker.ts', import.meta.url), { type: 'module', name: `inkling-cpu-${index}` });
  return {
    postMessage: (m) => worker.postMessage(m),
    listen(onReply, onFailure) {
      worker.onmessage = (e: MessageEvent<Parameters<typeof onReply>[0]>) => onReply(e.data);
      worker.onerror = (e) => onFailure(new Error(e.message || 'its script did not load'));
      worker.onmessageerror = () => onFailure(new Error('a message could not be read (is the page cross-origin isolated?)'));
    },
    terminate: () => worker.terminate(),
  };
};

/** Threads to ask for: the cores the browser reports. */
export const browserCores = (): number => navigator.hardwareConcurrency || 1;
