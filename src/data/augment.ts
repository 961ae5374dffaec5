// The per-sample random shift of training images, drawn exactly as src/shaders/gather.wgsl
// draws it: a hash of (sample in batch, optimizer step, seed), so the CPU reference and tests
// can reproduce any batch the GPU builds.

/** Pixels a training image may move in each direction when augmentation is on. */
export const AUGMENT_SHIFT = 2;

/** lowbias32 (Chris Wellons), in u32 arithmetic as WGSL does it: the twin of src/shaders/hash.wgsl. */
export function mix32(v: number): number {
  let h = v >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The (dx, dy) offset of sample b at optimizer step t; (0, 0) when shift is 0. */
export function sampleShift(b: number, t: number, seed: number, shift: number): [number, number] {
  if (shift === 0) return [0, 0];
  const span = 2 * shift + 1;
  const h = mix32((mix32((mix32(b) ^ t) >>> 0) ^ seed) >>> 0);
  return [(h % span) - shift, (Math.floor(h / span) % span) - shift];
}
