// Names and shapes for the engine's inside-view readback, from the model graph: the protocol's
// InsideView. Every array stays a view on the one readback buffer, which crosses to the UI as a
// single transfer.
import type { InsideReadback } from '../model/engine.ts';
import { firstFilters } from '../model/first-filters.ts';
import type { ModelGraph } from '../model/graph.ts';
import type { InsideView } from './protocol.ts';

export function insideView(graph: ModelGraph, r: InsideReadback): InsideView {
  const filters = firstFilters(graph);
  return {
    layers: graph.layers.map((l, i) => ({ name: l.spec.name, kind: l.spec.kind, shape: [...l.output], values: r.activations[i] })),
    probabilities: r.probabilities,
    predicted: r.predicted,
    saliency: r.saliency,
    inputShape: [...graph.spec.input],
    filters: filters && r.filters ? { layer: filters.layer, shape: [...filters.weight.shape], values: r.filters } : null,
  };
}
