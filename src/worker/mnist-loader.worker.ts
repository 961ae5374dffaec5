// MNIST fetched and decompressed on a thread of its own (started by mnist-loader.ts). Receiving
// 13 MB runs in long native tasks on the thread that fetches it; here they hold up no prediction
// of the engine worker, whose first reader answers drawings while the data loads.
import { expose, transfer } from 'comlink';
import { loadMnistFromUrl } from '../data/mnist-browser.ts';
import type { Mnist } from '../data/mnist.ts';

export interface MnistLoader {
  load(baseUrl: string, onProgress: (loaded: number, total: number) => void): Promise<Mnist>;
}

const loader: MnistLoader = {
  async load(baseUrl, onProgress) {
    const mnist = await loadMnistFromUrl(baseUrl, (p) => void onProgress(p.loaded, p.total));
    // Moved, not copied: the engine worker takes the buffers over.
    const buffers = new Set([mnist.train.images, mnist.train.labels, mnist.test.images, mnist.test.labels].map((a) => a.buffer));
    return transfer(mnist, [...buffers]);
  },
};

expose(loader);
