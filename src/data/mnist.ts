// MNIST as the engine sees it: two sets of 28×28 byte images with their digit labels. Loading is
// host-agnostic: the caller supplies how to get a file's (decompressed) bytes; the browser and
// Node wrappers live in mnist-browser.ts and mnist-node.ts.
import { IdxError, parseIdxImages, parseIdxLabels, type IdxImages } from './idx.ts';

export interface MnistSet {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, row-major, 0 = paper, 255 = ink. */
  images: Uint8Array<ArrayBuffer>;
  /** count digits, 0–9. */
  labels: Uint8Array<ArrayBuffer>;
}

export interface Mnist {
  train: MnistSet;
  test: MnistSet;
}

export type MnistSplit = keyof Mnist;

/** The IDX files of each split, without the `.gz` the assets carry. */
export const MNIST_FILES: Record<MnistSplit, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

export const MNIST_SIDE = 28;

/** Returns the decompressed IDX bytes of `file` (a name from MNIST_FILES). */
export type FetchBytes = (file: string) => Promise<Uint8Array>;

/** `loaded` of `total` units have arrived; `file` is the one that just made progress. */
export interface LoadProgress {
  loaded: number;
  total: number;
  file: string;
}

/** Joins a split's images and labels, refusing sets whose counts, sizes or labels don't fit. */
export function checkPair(images: IdxImages, labels: Uint8Array<ArrayBuffer>, name: string): MnistSet {
  if (images.count !== labels.length) {
    throw new IdxError(`${name}: ${images.count} images but ${labels.length} labels`);
  }
  if (images.rows !== MNIST_SIDE || images.cols !== MNIST_SIDE) {
    throw new IdxError(`${name}: images are ${images.rows}×${images.cols}, expected ${MNIST_SIDE}×${MNIST_SIDE}`);
  }
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) throw new IdxError(`${name}: label ${labels[bad]} at index ${bad} is not a digit 0–9`);
  return { count: images.count, rows: images.rows, cols: images.cols, images: images.pixels, labels };
}

/** One split; its two files are fetched at once. */
export async function loadMnistSplit(fetchBytes: FetchBytes, split: MnistSplit): Promise<MnistSet> {
  const files = MNIST_FILES[split];
  const [images, labels] = await Promise.all([fetchBytes(files.images), fetchBytes(files.labels)]);
  return checkPair(parseIdxImages(images, files.images), parseIdxLabels(labels, files.labels), split);
}

/**
 * Both splits, all four files fetched at once. Progress here counts files (total 4), reported
 * as each arrives; a host that can count bytes reports those from inside its fetchBytes instead.
 */
export async function loadMnist(fetchBytes: FetchBytes, onProgress?: (p: LoadProgress) => void): Promise<Mnist> {
  let loaded = 0;
  const counted: FetchBytes = async (file) => {
    const bytes = await fetchBytes(file);
    onProgress?.({ loaded: ++loaded, total: 4, file });
    return bytes;
  };
  const [train, test] = await Promise.all([loadMnistSplit(counted, 'train'), loadMnistSplit(counted, 'test')]);
  return { train, test };
}
