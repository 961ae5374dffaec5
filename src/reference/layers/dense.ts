import { denseShapes } from '../../model/kinds/dense.ts';
import type { DenseSpec } from '../../model/layer-spec.ts';
import { biasGrad } from '../bias-grad.ts';
import { matmul } from '../matmul.ts';
import type { RefLayer } from './layer.ts';

export const dense: RefLayer<DenseSpec> = {
  forward: ({ spec, layer, batch, x, params }) => ({ y: matmul(x, params[0], denseShapes(spec, layer.input, batch).forward, params[1]) }),
  backward({ spec, layer, batch, x, dy, params, needDx }) {
    const shapes = denseShapes(spec, layer.input, batch);
    const dw = matmul(x, dy, shapes.weightGrad);
    const grads = spec.bias ? [dw, biasGrad(dy, { outer: batch, channels: spec.units, inner: 1 })] : [dw];
    return { dx: needDx ? matmul(dy, params[0], shapes.inputGrad) : null, grads };
  },
};
