// A network in one line, for lists of saved models: each layer's kind and its width (filters,
// units, pool size or dropout rate, as its kind gives it), then the parameter count.
import { buildGraph } from './graph.ts';
import type { LayerSpec } from './layer-spec.ts';
import { layerKind } from './registry.ts';
import type { ModelSpec } from './spec.ts';

function layerSummary(l: LayerSpec): string {
  const width = layerKind(l).width?.(l);
  return width === undefined ? l.kind : `${l.kind} ${width}`;
}

/** "conv2d 32 → maxpool 2 → dense 128 → dense 10 · 693,962 parameters" */
export function specSummary(spec: ModelSpec): string {
  const params = buildGraph(spec).paramCount;
  return `${spec.layers.map(layerSummary).join(' → ')} · ${params.toLocaleString('en-US')} parameters`;
}
