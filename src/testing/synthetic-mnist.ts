import type { Mnist, MnistSet } from '../data/mnist.ts';
import { rng } from '../base/random.ts';

/** A small random MNIST-shaped dataset: enough to check arithmetic, nothing to learn from. */
export function syntheticMnist(trainCount: number, testCount: number, seed: number): Mnist {
  const r = rng(seed);
  const set = (count: number): MnistSet => {
    const images = new Uint8Array(count * 784);
    for (let i = 0; i < images.length; i++) images[i] = r() < 0.8 ? 0 : Math.floor(r() * 256);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) labels[i] = Math.floor(r() * 10);
    return { count, rows: 28, cols: 28, images, labels };
  };
  return { train: set(trainCount), test: set(testCount) };
}
