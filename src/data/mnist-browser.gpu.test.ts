// Runs in Chromium on the Vite server, which serves public/ at the root: the real assets, the
// real fetch and DecompressionStream. Only the test split, to stay quick.
import { describe, expect, it } from 'vitest';
import type { LoadProgress } from './mnist.ts';
import { DEFAULT_DATA_URL, loadMnistSplitFromUrl } from './mnist-browser.ts';

describe('loadMnistSplitFromUrl', () => {
  it('loads the MNIST test set from the gzipped assets, reporting progress in compressed bytes', async () => {
    const progress: LoadProgress[] = [];
    const test = await loadMnistSplitFromUrl(DEFAULT_DATA_URL, 'test', (p) => progress.push({ ...p }));
    expect(test).toMatchObject({ count: 10000, rows: 28, cols: 28 });
    expect(test.images.length).toBe(10000 * 784);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    // The first test image is a 7: ink in the middle, paper in the corners.
    expect(test.images[0]).toBe(0);
    expect(Math.max(...test.images.subarray(0, 784))).toBe(255);

    expect(progress.length).toBeGreaterThan(1);
    const last = progress[progress.length - 1];
    // The two .gz files of the test split: 1,598,236 + 4,210 bytes.
    expect(last.total).toBe(1598236 + 4210);
    expect(last.loaded).toBe(last.total);
    for (let i = 1; i < progress.length; i++) expect(progress[i].loaded).toBeGreaterThan(progress[i - 1].loaded);
    expect(new Set(progress.map((p) => p.file))).toEqual(new Set(['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']));
  });

  it('names the URL of a file that is not there', async () => {
    await expect(loadMnistSplitFromUrl('/no-such-folder/', 'test')).rejects.toThrow(
      /\/no-such-folder\/t10k-(images|labels)-idx[13]-ubyte\.gz: (HTTP 404|got an HTML page)/,
    );
  });

  it('works inside a module worker', async () => {
    const worker = new Worker(new URL('./mnist-browser.worker-fixture.ts', import.meta.url), { type: 'module' });
    try {
      const reply = await new Promise<unknown>((resolve, reject) => {
        worker.onmessage = (e: MessageEvent) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
      });
      expect(reply).toEqual({ count: 10000, firstLabels: [7, 2, 1, 0, 4], hasDocument: false });
    } finally {
      worker.terminate();
    }
  });
});
