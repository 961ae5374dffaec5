import { conv2dShape } from '../../model/kinds/conv2d.ts';
import type { Conv2dSpec } from '../../model/layer-spec.ts';
import { conv2d as conv, conv2dGradFilter, conv2dGradInput } from '../conv2d.ts';
import type { RefLayer } from './layer.ts';

export const conv2d: RefLayer<Conv2dSpec> = {
  forward: ({ spec, layer, batch, x, params }) => ({ y: conv(x, params[0], params[1], conv2dShape(spec, layer.input, batch)) as Float32Array }),
  backward({ spec, layer, batch, x, dy, params, needDx }) {
    const s = conv2dShape(spec, layer.input, batch);
    const { dw, db } = conv2dGradFilter(dy, x, s);
    return { dx: needDx ? conv2dGradInput(dy, params[0], s) : null, grads: spec.bias ? [dw, db] : [dw] };
  },
};
