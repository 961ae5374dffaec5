// The MNIST splits on the GPU as raw bytes (4 pixels per u32 word), uploaded once per device.
// A batch is gathered from them on the GPU, so no pixel crosses the bus during training.
import type { Mnist, MnistSet } from '../data/mnist.ts';
import { BufferArena } from './memory.ts';

export interface GpuSplit {
  count: number;
  pixels: number;
  /** Image width (pixels is width × height). */
  width: number;
  images: GPUBuffer;
  labels: GPUBuffer;
}

export class GpuDataset {
  private constructor(
    private readonly arena: BufferArena,
    readonly train: GpuSplit,
    readonly test: GpuSplit,
    /** Bytes of splits borrowed from another dataset (see withTrain), counted but not owned. */
    private readonly borrowed = 0,
  ) {}

  static upload(device: GPUDevice, mnist: Mnist): GpuDataset {
    const arena = new BufferArena(device, 'mnist');
    const split = (name: string, set: MnistSet): GpuSplit => ({
      count: set.count,
      pixels: set.rows * set.cols,
      width: set.cols,
      images: arena.upload(`${name}.images`, set.images),
      labels: arena.upload(`${name}.labels`, set.labels),
    });
    return new GpuDataset(arena, split('train', mnist.train), split('test', mnist.test));
  }

  /**
   * Another training split beside this dataset's test split, which it shares (a fine-tune's mix of
   * the user's digits and MNIST replay): the gather kernel reads it as it reads MNIST. Destroying
   * the result frees only the new split.
   */
  withTrain(device: GPUDevice, train: MnistSet, label: string): GpuDataset {
    const arena = new BufferArena(device, label);
    const split: GpuSplit = {
      count: train.count,
      pixels: train.rows * train.cols,
      width: train.cols,
      images: arena.upload(`${label}.images`, train.images),
      labels: arena.upload(`${label}.labels`, train.labels),
    };
    return new GpuDataset(arena, split, this.test, this.bytes);
  }

  get bytes(): number {
    return this.arena.allocatedBytes + this.borrowed;
  }

  destroy(): void {
    this.arena.destroy();
  }
}
