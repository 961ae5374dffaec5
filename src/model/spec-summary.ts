// A network in one line, for lists of saved models: each layer's kind and its width (filters,
// units, pool size or dropout rate), then the parameter count.
import { buildGraph } from './graph.ts';
import type { LayerSpec, ModelSpec } from './spec.ts';

function width(l: LayerSpec): string {
  switch (l.kind) {
    case 'conv2d':
      return ` ${l.filters}`;
    case 'dense':
    case 'lstm':
      return ` ${l.units}`;
    case 'maxpool':
    case 'avgpool':
      return ` ${l.size}`;
    case 'dropout':
      return ` ${l.rate}`;
    default:
      return '';
  }
}

/** "conv2d 32 → maxpool 2 → dense 128 → dense 10 · 693,962 parameters" */
export function specSummary(spec: ModelSpec): string {
  const params = buildGraph(spec).paramCount;
  return `${spec.layers.map((l) => `${l.kind}${width(l)}`).join(' → ')} · ${params.toLocaleString('en-US')} parameters`;
}
