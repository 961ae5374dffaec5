// Integer hashing that every backend draws random bits from: the CPU twin of
// src/shaders/lib/hash.wgsl, in u32 arithmetic as WGSL does it, so the CPU and the GPU draw the same
// bits from the same (sample, step, seed). Imports nothing.

/** lowbias32 (Chris Wellons): a full-avalanche 32-bit integer hash. */
export function mix32(v: number): number {
  let h = v >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
