import { sampleShift, sampleWarp, warpImage } from '../model/augment.ts';
import type { GatherShape } from '../model/op-shapes.ts';

/**
 * How the batch is augmented: the step's shift (px), rotation (radians) and scale change, the
 * optimizer step and the seed (see src/model/augment.ts). A missing rotate or zoom is 0.
 */
export interface GatherAugment {
  shift: number;
  rotate?: number;
  zoom?: number;
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
  const x = new Float32Array(batch * pixels);
  const y = new Uint32Array(batch);
  for (let b = 0; b < batch; b++) {
    const j = indices[(cursor + b) % count];
    const d = sampleShift(b, augment.t, augment.seed, augment.shift);
    const warp = sampleWarp(b, augment.t, augment.seed, augment.rotate ?? 0, augment.zoom ?? 0);
    warpImage(images, j, pixels, width, d, warp, x, b * pixels);
    y[b] = labels[j];
  }
  return { x, y };
}
