import { size } from '../../model/shape.ts';
import type { DenseSpec } from '../../model/spec.ts';
import { biasGrad } from '../bias-grad.ts';
import { matmul } from '../matmul.ts';
import type { RefLayer } from './layer.ts';

export const dense: RefLayer<DenseSpec> = {
  forward: ({ spec, layer, batch, x, params }) => ({
    y: matmul(x, params[0], { M: batch, N: spec.units, K: size(layer.input), activation: spec.activation }, params[1]),
  }),
  backward({ spec, layer, batch, x, dy, params, needDx }) {
    const inF = size(layer.input);
    const dw = matmul(x, dy, { M: inF, N: spec.units, K: batch, transA: true });
    const grads = spec.bias ? [dw, biasGrad(dy, { outer: batch, channels: spec.units, inner: 1 })] : [dw];
    return { dx: needDx ? matmul(dy, params[0], { M: batch, N: inF, K: spec.units, transB: true }) : null, grads };
  },
};
