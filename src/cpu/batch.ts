// A training batch written into the training network's input: the images at `cursor` of the
// epoch's shuffled order, each shifted and warped by the draws of src/model/augment.ts (the same
// hashes the GPU's gather kernel draws), and their labels.
import { AUGMENT_SHIFT, sampleShift, sampleWarp, warpImage } from '../model/augment.ts';
import type { TrainConfig } from '../model/config.ts';
import type { LabelledImages } from '../model/engine.ts';

export function gatherBatch(
  set: LabelledImages,
  indices: Uint32Array,
  cursor: number,
  batch: number,
  config: TrainConfig,
  t: number,
  into: { x: Float32Array; labels: Uint32Array },
): void {
  const pixels = set.rows * set.cols;
  const shift = config.augment ? AUGMENT_SHIFT : 0;
  const rotate = ((config.rotate ?? 0) * Math.PI) / 180;
  const zoom = config.zoom ?? 0;
  for (let b = 0; b < batch; b++) {
    const j = indices[(cursor + b) % set.count];
    const d = sampleShift(b, t, config.seed, shift);
    const warp = sampleWarp(b, t, config.seed, rotate, zoom);
    warpImage(set.images, j, pixels, set.cols, d, warp, into.x, b * pixels);
    into.labels[b] = set.labels[j];
  }
}
