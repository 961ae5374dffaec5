// MNIST for the engine worker, loaded in a nested worker (mnist-loader.worker.ts says why) that
// ends once the data is handed over. Where a worker cannot start workers, it loads in place.
import { proxy, wrap } from 'comlink';
import { loadMnistFromUrl } from '../data/mnist-browser.ts';
import type { Mnist } from '../data/mnist.ts';
import type { MnistLoader } from './mnist-loader.worker.ts';

export async function loadMnistOffThread(baseUrl: string, onProgress: (loaded: number, total: number) => void): Promise<Mnist> {
  if (typeof Worker === 'undefined') return loadMnistFromUrl(baseUrl, (p) => onProgress(p.loaded, p.total));
  const worker = new Worker(new URL('./mnist-loader.worker.ts', import.meta.url), { type: 'module', name: 'inkling-mnist' });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(`the MNIST loader did not start: ${e.message || 'its script did not load'}`)));
  });
  try {
    return await Promise.race([wrap<MnistLoader>(worker).load(baseUrl, proxy(onProgress)), failed]);
  } finally {
    worker.terminate();
  }
}
