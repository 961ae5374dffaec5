import { globalAvgPoolShape, type AvgPoolShape, type PoolShape } from '../../model/geometry.ts';
import type { GraphLayer } from '../../model/graph.ts';
import type { AvgPoolSpec, GlobalAvgPoolSpec, MaxPoolSpec } from '../../model/spec.ts';
import { avgPool, avgPoolBackward } from '../avgpool.ts';
import { maxPool, maxPoolBackward } from '../maxpool.ts';
import type { RefLayer } from './layer.ts';

function maxShape(spec: MaxPoolSpec, layer: GraphLayer, batch: number): PoolShape {
  const [channels, inH, inW] = layer.input;
  return { batch, channels, inH, inW, size: spec.size, stride: spec.stride };
}

export const maxpool: RefLayer<MaxPoolSpec> = {
  forward({ spec, layer, batch, x }) {
    const r = maxPool(x, maxShape(spec, layer, batch));
    return { y: r.out, saved: r.argmax };
  },
  backward: ({ spec, layer, batch, dy, saved, needDx }) => ({
    dx: needDx ? maxPoolBackward(dy, saved as Uint32Array, maxShape(spec, layer, batch)) : null,
    grads: [],
  }),
};

function avgShape(spec: AvgPoolSpec, layer: GraphLayer, batch: number): AvgPoolShape {
  const [channels, inH, inW] = layer.input;
  return { batch, channels, inH, inW, winH: spec.size, winW: spec.size, strideH: spec.stride, strideW: spec.stride };
}

export const avgpool: RefLayer<AvgPoolSpec> = {
  forward: ({ spec, layer, batch, x }) => ({ y: avgPool(x, avgShape(spec, layer, batch)) }),
  backward: ({ spec, layer, batch, dy, needDx }) => ({ dx: needDx ? avgPoolBackward(dy, avgShape(spec, layer, batch)) : null, grads: [] }),
};

const globalShape = (layer: GraphLayer, batch: number) => globalAvgPoolShape(batch, layer.input[0], layer.input[1], layer.input[2]);

export const globalavgpool: RefLayer<GlobalAvgPoolSpec> = {
  forward: ({ layer, batch, x }) => ({ y: avgPool(x, globalShape(layer, batch)) }),
  backward: ({ layer, batch, dy, needDx }) => ({ dx: needDx ? avgPoolBackward(dy, globalShape(layer, batch)) : null, grads: [] }),
};
