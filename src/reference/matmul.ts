import type { MatmulShape } from '../model/op-shapes.ts';
import { activate } from './activation.ts';

/** C = activation(op(A)·op(B) (+ bias)), in float64 accumulation. */
export function matmul(a: Float32Array, b: Float32Array, shape: MatmulShape, bias?: Float32Array): Float32Array {
  const { M, N, K, transA = false, transB = false, activation = 'none' } = shape;
  const c = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = bias ? bias[n] : 0;
      for (let k = 0; k < K; k++) {
        const av = transA ? a[k * M + m] : a[m * K + k];
        const bv = transB ? b[n * K + k] : b[k * N + n];
        s += av * bv;
      }
      c[m * N + n] = s;
    }
  }
  return Float32Array.from(activate(c, activation));
}
