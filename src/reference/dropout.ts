import { checkDropoutShape, dropoutHash, dropoutKey, dropoutScale, dropoutThreshold, type DropoutShape } from '../model/dropout-mask.ts';

type Floats = Float32Array | Float64Array;

/** Kept elements times the scale, dropped ones 0, for the mask of step t (see src/model/dropout-mask.ts). Keeps v's precision. */
function masked<T extends Floats>(v: T, shape: DropoutShape, t: number, seed: number): T {
  checkDropoutShape(shape, 'dropout reference');
  const { batch, units, rate, salt } = shape;
  if (v.length !== batch * units) throw new Error(`dropout reference: ${v.length} elements, expected batch·units = ${batch * units}`);
  const key = dropoutKey(t >>> 0, seed >>> 0, salt);
  const threshold = dropoutThreshold(rate);
  const scale = dropoutScale(rate);
  const out = new (v.constructor as new (n: number) => T)(v.length);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < units; i++) {
      const e = b * units + i;
      // A float64 product of two f32s is exact, so a Float32Array store rounds once, as the GPU does.
      out[e] = dropoutHash(key, b, i) >= threshold ? v[e] * scale : 0;
    }
  }
  return out;
}

/** Training-mode dropout with inverted scaling: y = keep ? x / (1 − rate) : 0. */
export function dropout<T extends Floats>(x: T, shape: DropoutShape, t: number, seed: number): T {
  return masked(x, shape, t, seed);
}

/** dL/dx from dL/dy: the same mask and scale as the forward pass at the same (t, seed). */
export function dropoutBackward<T extends Floats>(dy: T, shape: DropoutShape, t: number, seed: number): T {
  return masked(dy, shape, t, seed);
}

/** Whether unit i of sample b survives dropout at optimizer step t: one unit of the mask above. */
export function dropoutKeeps(b: number, i: number, t: number, seed: number, salt: number, rate: number): boolean {
  return dropoutHash(dropoutKey(t, seed, salt), b, i) >= dropoutThreshold(rate);
}
