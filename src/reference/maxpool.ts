import { poolGeometry, type PoolShape } from '../model/geometry.ts';

type Floats = Float32Array | Float64Array;

function like<T extends Floats>(x: T, n: number): T {
  return new (x.constructor as new (n: number) => T)(n);
}

/** Valid max pooling; argmax is the flat index into x of each window's first maximum. Keeps x's precision. */
export function maxPool<T extends Floats>(x: T, shape: PoolShape): { out: T; argmax: Uint32Array } {
  const { batch, channels, inH, inW, size, stride } = shape;
  const { outH, outW } = poolGeometry(shape);
  const n = batch * channels * outH * outW;
  const out = like(x, n);
  const argmax = new Uint32Array(n);
  for (let plane = 0; plane < batch * channels; plane++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        const o = (plane * outH + oh) * outW + ow;
        let bestAt = -1;
        for (let ky = 0; ky < size; ky++) {
          for (let kx = 0; kx < size; kx++) {
            const i = (plane * inH + oh * stride + ky) * inW + ow * stride + kx;
            if (bestAt < 0 || x[i] > x[bestAt]) bestAt = i;
          }
        }
        out[o] = x[bestAt];
        argmax[o] = bestAt;
      }
    }
  }
  return { out, argmax };
}

/** dx: each output's gradient added to the input its argmax names. Keeps dy's precision. */
export function maxPoolBackward<T extends Floats>(dy: T, argmax: Uint32Array, shape: PoolShape): T {
  const dx = like(dy, shape.batch * shape.channels * shape.inH * shape.inW);
  for (let o = 0; o < argmax.length; o++) dx[argmax[o]] += dy[o];
  return dx;
}
