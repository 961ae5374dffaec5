// Dropout's keep/drop draw, backend-neutral: src/shaders/dropout.wgsl computes the same bits, so
// the CPU reference and the GPU kernels drop exactly the same units. No mask is stored: the
// backward pass draws it again from the same (sample, unit, step, seed, salt).
import { mix32 } from '../base/hash.ts';
import { requirePositiveIntegers } from './shape.ts';

export interface DropoutShape {
  batch: number;
  /** Elements per sample. */
  units: number;
  /** Probability of dropping a unit, 0 <= rate <= 0.9. */
  rate: number;
  /** u32 that sets this layer apart, so two dropout layers draw different masks. */
  salt: number;
}

export const MAX_DROPOUT_RATE = 0.9;

/** Shape checks before any GPU work; throws naming the first bad field. */
export function checkDropoutShape(shape: DropoutShape, label = 'dropout'): void {
  requirePositiveIntegers(label, { batch: shape.batch, units: shape.units });
  // Element indices are u32 in the shader; 2^31 leaves room for the grid-stride increment.
  if (shape.batch * shape.units > 2 ** 31) throw new Error(`${label}: batch·units ${shape.batch * shape.units} exceeds 2^31 elements`);
  // Written so that NaN fails too.
  if (!(shape.rate >= 0 && shape.rate <= MAX_DROPOUT_RATE)) throw new Error(`${label}: rate must be in [0, ${MAX_DROPOUT_RATE}], got ${shape.rate}`);
  if (!Number.isInteger(shape.salt) || shape.salt < 0 || shape.salt >= 2 ** 32) {
    throw new Error(`${label}: salt must be a whole number from 0 to 4294967295, got ${shape.salt}`);
  }
}

/** A unit is kept iff its 32-bit hash is >= this; integer, so CPU and GPU agree exactly. Rate 0 gives 0: all kept. */
export function dropoutThreshold(rate: number): number {
  // rate·2^32 is exact in float64; at rate 0.9 the result is below 2^32, so it fits a u32.
  return Math.round(rate * 2 ** 32);
}

/** What kept units are multiplied by: 1/(1 − rate) rounded to f32, the value the shader multiplies by. */
export function dropoutScale(rate: number): number {
  return Math.fround(1 / (1 - rate));
}

/** The per-dispatch part of the hash: the same for every unit of one layer at one step. */
export function dropoutKey(t: number, seed: number, salt: number): number {
  return mix32((mix32((mix32(salt) ^ seed) >>> 0) ^ t) >>> 0);
}

/** The 32-bit hash of unit i of sample b under a key from dropoutKey. */
export function dropoutHash(key: number, b: number, i: number): number {
  return mix32((mix32((key ^ b) >>> 0) ^ i) >>> 0);
}
