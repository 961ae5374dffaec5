// The engine worker's MNIST loader, run from the test page in Chromium: the real nested worker,
// fetch and DecompressionStream, against the assets Vite serves from public/.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_URL, loadMnistSplitFromUrl } from '../data/mnist-browser.ts';
import { loadMnistOffThread } from './mnist-loader.ts';

describe('loadMnistOffThread', () => {
  it('hands over both splits as loading them in place gives them, reporting progress up to the whole', async () => {
    const progress: Array<{ loaded: number; total: number }> = [];
    const mnist = await loadMnistOffThread(DEFAULT_DATA_URL, (loaded, total) => progress.push({ loaded, total }));
    expect(mnist.train).toMatchObject({ count: 60000, rows: 28, cols: 28 });
    expect(mnist.train.images.length).toBe(60000 * 784);
    expect(Array.from(mnist.train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    const inPlace = await loadMnistSplitFromUrl(DEFAULT_DATA_URL, 'test');
    expect(mnist.test.count).toBe(10000);
    // Compared byte by byte here: a deep equality over 7.8 million elements takes most of a minute.
    expect(differences(mnist.test.images, inPlace.images)).toBe(0);
    expect(differences(mnist.test.labels, inPlace.labels)).toBe(0);

    // Progress messages cross two threads; the last of them may trail the data by a message.
    await expect.poll(() => progress.at(-1)?.loaded).toBe(progress.at(-1)?.total);
    // The four .gz files as npm run prepare-data writes them.
    expect(progress.at(-1)?.total).toBe(9612640 + 28246 + 1598236 + 4210);
    for (let i = 1; i < progress.length; i++) expect(progress[i].loaded).toBeGreaterThanOrEqual(progress[i - 1].loaded);
  });

  it('rejects with the loader thread’s message, which names the file', async () => {
    await expect(loadMnistOffThread('/no-such-folder/', () => undefined)).rejects.toThrow(
      /\/no-such-folder\/(train|t10k)-(images|labels)-idx[13]-ubyte\.gz: (HTTP 404|got an HTML page)/,
    );
  });
});

/** How many bytes differ (a length mismatch counts as all of them). */
function differences(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}
