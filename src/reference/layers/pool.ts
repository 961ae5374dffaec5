import { avgPoolShape, maxPoolShape } from '../../model/kinds/pool.ts';
import type { AvgPoolSpec, GlobalAvgPoolSpec, MaxPoolSpec } from '../../model/layer-spec.ts';
import { avgPool, avgPoolBackward } from '../avgpool.ts';
import { maxPool, maxPoolBackward } from '../maxpool.ts';
import type { RefLayer } from './layer.ts';

export const maxpool: RefLayer<MaxPoolSpec> = {
  forward({ spec, layer, batch, x }) {
    const r = maxPool(x, maxPoolShape(spec, layer.input, batch));
    return { y: r.out, saved: r.argmax };
  },
  backward: ({ spec, layer, batch, dy, saved, needDx }) => ({
    dx: needDx ? maxPoolBackward(dy, saved as Uint32Array, maxPoolShape(spec, layer.input, batch)) : null,
    grads: [],
  }),
};

// One reference serves both average pools: the global pool's window is the whole map.
const average: RefLayer<AvgPoolSpec | GlobalAvgPoolSpec> = {
  forward: ({ spec, layer, batch, x }) => ({ y: avgPool(x, avgPoolShape(spec, layer.input, batch)) }),
  backward: ({ spec, layer, batch, dy, needDx }) => ({ dx: needDx ? avgPoolBackward(dy, avgPoolShape(spec, layer.input, batch)) : null, grads: [] }),
};

export const avgpool: RefLayer<AvgPoolSpec> = average;
export const globalavgpool: RefLayer<GlobalAvgPoolSpec> = average;
