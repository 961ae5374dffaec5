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

  get bytes(): number {
    return this.arena.allocatedBytes;
  }

  destroy(): void {
    this.arena.destroy();
  }
}
