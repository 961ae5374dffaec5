import type { BiasGradShape } from '../model/op-shapes.ts';

/** db[c] = Σ dy[o, c, i], accumulated in float64; returned in dy's precision. */
export function biasGrad<T extends Float32Array | Float64Array>(dy: T, shape: BiasGradShape): T {
  const { outer, channels, inner } = shape;
  const db = new (dy.constructor as new (n: number) => T)(channels);
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) s += dy[(o * channels + c) * inner + i];
    }
    db[c] = s;
  }
  return db;
}
