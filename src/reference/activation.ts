// The fused activations on the CPU, in float64 arithmetic: the oracle for the kernels' epilogues
// and for activation-backward.
import { activationCode, type Activation } from '../model/activation.ts';

type Floats = Float32Array | Float64Array;

function forward(v: number, a: Activation): number {
  switch (a) {
    case 'none':
      return v;
    case 'relu':
      return Math.max(0, v);
    case 'tanh':
      return Math.tanh(v);
    case 'sigmoid':
      // exp(−v) is Infinity for very negative v, and 1 / Infinity the right 0.
      return 1 / (1 + Math.exp(-v));
  }
}

/** g · f′, with f′ from the forward output y. */
function backward(g: number, y: number, a: Activation): number {
  switch (a) {
    case 'none':
      return g;
    case 'relu':
      // A mask, not g · 0: an infinite or NaN gradient where y ≤ 0 still becomes 0.
      return y > 0 ? g : 0;
    case 'tanh':
      return g * (1 - y * y);
    case 'sigmoid':
      return g * y * (1 - y);
  }
}

/** f(x) element-wise, as a new array of x's type. */
export function activate<T extends Floats>(x: T, a: Activation): T {
  // Any other name would fall through every case as undefined → NaN.
  activationCode(a, 'activate');
  const out = x.slice() as T;
  for (let i = 0; i < out.length; i++) out[i] = forward(out[i], a);
  return out;
}

/** dL/d(input) = dy · f′, with f′ from the forward output y, as a new array of dy's type. */
export function activationBackward<T extends Floats>(dy: T, y: ArrayLike<number>, a: Activation): T {
  activationCode(a, 'activationBackward');
  if (y.length !== dy.length) throw new Error(`activationBackward: dy has ${dy.length} elements, y ${y.length}`);
  const out = dy.slice() as T;
  for (let i = 0; i < out.length; i++) out[i] = backward(out[i], y[i], a);
  return out;
}
