import { dropoutShape } from '../../model/kinds/dropout.ts';
import type { DropoutSpec } from '../../model/layer-spec.ts';
import { dropout as drop, dropoutBackward } from '../dropout.ts';
import type { RefForwardArgs, RefLayer } from './layer.ts';

const shapeOf = ({ spec, layer, batch }: RefForwardArgs<DropoutSpec>) => dropoutShape(spec, layer.input, batch, layer.index);

export const dropout: RefLayer<DropoutSpec> = {
  forward: (a) => ({ y: a.mode === 'train' ? drop(a.x, shapeOf(a), a.t, a.seed) : a.x }),
  // Reading, the layer is the identity, and so is its gradient (saliency).
  backward: (a) => ({ dx: a.needDx ? (a.mode === 'train' ? dropoutBackward(a.dy, shapeOf(a), a.t, a.seed) : a.dy) : null, grads: [] }),
};
