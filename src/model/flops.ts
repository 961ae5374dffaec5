// FLOPs per sample of a model, from its layer kinds. A training step runs each layer's forward,
// its weight gradients and, except for the first layer, its input gradient.
import type { ModelGraph } from './graph.ts';

export interface ModelLayerFlops {
  layer: string;
  forward: number;
  backward: number;
}

export interface ModelFlops {
  layers: ModelLayerFlops[];
  forward: number;
  backward: number;
  /** forward + backward: what one training sample costs. */
  training: number;
}

/** Reads only the layers, so a partly resolved network (the builder's, before a problem) counts too. */
export function countFlops(graph: Pick<ModelGraph, 'layers'>): ModelFlops {
  const layers = graph.layers.map((l) => ({
    layer: l.spec.name,
    forward: l.flops.forward,
    backward: l.flops.weightGrad + (l.index > 0 ? l.flops.inputGrad : 0),
  }));
  const forward = layers.reduce((s, l) => s + l.forward, 0);
  const backward = layers.reduce((s, l) => s + l.backward, 0);
  return { layers, forward, backward, training: forward + backward };
}
