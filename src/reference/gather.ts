import type { GatherShape } from '../gpu/kernels/gather.ts';

/** The batch starting at `cursor` in the shuffled order, wrapping past the end. */
export function gather(
  images: Uint8Array,
  labels: Uint8Array,
  indices: Uint32Array,
  cursor: number,
  { batch, pixels, count }: GatherShape,
): { x: Float32Array; y: Uint32Array } {
  const x = new Float32Array(batch * pixels);
  const y = new Uint32Array(batch);
  for (let b = 0; b < batch; b++) {
    const j = indices[(cursor + b) % count];
    for (let p = 0; p < pixels; p++) x[b * pixels + p] = images[j * pixels + p] / 255;
    y[b] = labels[j];
  }
  return { x, y };
}
