/** dL/d(input) of a ReLU from dL/d(output) and the ReLU's output. Keeps grad's precision. */
export function reluBackward<T extends Float32Array | Float64Array>(grad: T, act: ArrayLike<number>): T {
  const out = grad.slice() as T;
  for (let i = 0; i < out.length; i++) if (!(act[i] > 0)) out[i] = 0;
  return out;
}
