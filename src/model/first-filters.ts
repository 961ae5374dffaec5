// The one set of weights that reads as pictures in the inside view, whichever backend reads it.
import type { ModelGraph, TensorEntry } from './graph.ts';

/** The first conv layer's filters ([out, in, k, k]), the one set of weights that reads as pictures; null without a conv layer. */
export function firstFilters(graph: ModelGraph): { layer: string; weight: TensorEntry } | null {
  const layer = graph.layers.find((l) => l.spec.kind === 'conv2d');
  const weight = layer?.params.find((p) => p.name === 'weight');
  return layer && weight ? { layer: layer.spec.name, weight } : null;
}
