import { sampleShift } from '../data/augment.ts';
import type { GatherShape } from '../model/op-shapes.ts';

/** How the batch is augmented: the step's shift, optimizer step and seed (see src/data/augment.ts). */
export interface GatherAugment {
  shift: number;
  t: number;
  seed: number;
}

const NO_AUGMENT: GatherAugment = { shift: 0, t: 1, seed: 0 };

/** The batch starting at `cursor` in the shuffled order, wrapping past the end. */
export function gather(
  images: Uint8Array,
  labels: Uint8Array,
  indices: Uint32Array,
  cursor: number,
  { batch, pixels, count, width }: GatherShape,
  augment: GatherAugment = NO_AUGMENT,
): { x: Float32Array; y: Uint32Array } {
  const height = pixels / width;
  const x = new Float32Array(batch * pixels);
  const y = new Uint32Array(batch);
  for (let b = 0; b < batch; b++) {
    const j = indices[(cursor + b) % count];
    const [dx, dy] = sampleShift(b, augment.t, augment.seed, augment.shift);
    for (let p = 0; p < pixels; p++) {
      const row = Math.floor(p / width) - dy;
      const col = (p % width) - dx;
      const inside = row >= 0 && row < height && col >= 0 && col < width;
      x[b * pixels + p] = inside ? images[j * pixels + row * width + col] / 255 : 0;
    }
    y[b] = labels[j];
  }
  return { x, y };
}
