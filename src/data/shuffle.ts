// The order in which an epoch visits the training set. A shuffle is a pure function of
// (seed, epoch): a run can be replayed exactly, and every epoch sees a different order.
import { rng } from '../base/random.ts';

export function shuffledIndices(count: number, seed: number, epoch: number): Uint32Array<ArrayBuffer> {
  const order = sequentialIndices(count);
  const random = rng(epochSeed(seed, epoch));
  // Fisher–Yates: each of the count! orders equally likely (up to the generator's 32 bits).
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

export function sequentialIndices(count: number): Uint32Array<ArrayBuffer> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`index count must be a non-negative integer, got ${count}`);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}

/** Mixes seed and epoch (murmur3's finaliser) so nearby pairs give unrelated generator states. */
function epochSeed(seed: number, epoch: number): number {
  let h = (seed ^ Math.imul(epoch + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
