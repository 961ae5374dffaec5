import type { Mnist, MnistSet } from '../data/mnist.ts';
import { rng } from '../base/random.ts';

/** A 28×28 image with a bar two pixels thick from 4 to 23 along it: rows [at, at + 1] if horizontal, else those columns. */
export function bar(at: number, horizontal: boolean): Uint8Array<ArrayBuffer> {
  const pixels = new Uint8Array(784);
  for (let along = 4; along < 24; along++) {
    for (let across = at; across < at + 2; across++) pixels[horizontal ? across * 28 + along : along * 28 + across] = 255;
  }
  return pixels;
}

/**
 * An MNIST-shaped set a small network learns in one short epoch: digit k is a horizontal bar at
 * row 4 + 2k among scattered noise. No digit is vertical, so a vertical bar is a "style" it has
 * never seen.
 */
export function barMnist(trainCount: number, testCount: number, seed: number): Mnist {
  const r = rng(seed);
  const set = (count: number): MnistSet => {
    const images = new Uint8Array(count * 784);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      labels[i] = i % 10;
      const image = bar(4 + 2 * labels[i], true);
      for (let p = 0; p < 784; p++) if (r() < 0.03) image[p] = Math.floor(r() * 256);
      images.set(image, i * 784);
    }
    return { count, rows: 28, cols: 28, images, labels };
  };
  return { train: set(trainCount), test: set(testCount) };
}
