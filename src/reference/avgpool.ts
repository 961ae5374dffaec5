import { avgPoolGeometry, type AvgPoolShape } from '../model/geometry.ts';

type Floats = Float32Array | Float64Array;

function like<T extends Floats>(x: T, n: number): T {
  return new (x.constructor as new (n: number) => T)(n);
}

/** Valid average pooling: each output is the mean of its window. Sums in float64, keeps x's precision. */
export function avgPool<T extends Floats>(x: T, shape: AvgPoolShape): T {
  const { batch, channels, inH, inW, winH, winW, strideH, strideW } = shape;
  const { outH, outW } = avgPoolGeometry(shape);
  const out = like(x, batch * channels * outH * outW);
  const area = winH * winW;
  for (let plane = 0; plane < batch * channels; plane++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        let sum = 0;
        for (let ky = 0; ky < winH; ky++) {
          for (let kx = 0; kx < winW; kx++) sum += x[(plane * inH + oh * strideH + ky) * inW + ow * strideW + kx];
        }
        out[(plane * outH + oh) * outW + ow] = sum / area;
      }
    }
  }
  return out;
}

/** dx: each output's gradient spread evenly over its window (a scatter, unlike the GPU's gather). Keeps dy's precision. */
export function avgPoolBackward<T extends Floats>(dy: T, shape: AvgPoolShape): T {
  const { batch, channels, inH, inW, winH, winW, strideH, strideW } = shape;
  const { outH, outW } = avgPoolGeometry(shape);
  const dx = like(dy, batch * channels * inH * inW);
  const area = winH * winW;
  for (let plane = 0; plane < batch * channels; plane++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        const g = dy[(plane * outH + oh) * outW + ow] / area;
        for (let ky = 0; ky < winH; ky++) {
          for (let kx = 0; kx < winW; kx++) dx[(plane * inH + oh * strideH + ky) * inW + ow * strideW + kx] += g;
        }
      }
    }
  }
  return dx;
}
