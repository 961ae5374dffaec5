// Which outputs the embedding map projects: what the last dense layer reads, the features the
// network's final decision is a linear function of. A network whose last dense layer follows a
// pool or a conv reads that layer's maps flattened, which is how testOutputs gives them.
import type { ModelGraph } from '../../model/graph.ts';
import { size } from '../../model/shape.ts';

export interface EmbeddingSource {
  /** The graph's index of the layer whose outputs are projected; -1: the input image itself (the network is one dense layer). */
  layer: number;
  /** What the page calls them, e.g. "dense1's output". */
  name: string;
  /** Values per digit. */
  width: number;
}

export function embeddingSource(graph: ModelGraph): EmbeddingSource {
  const lastDense = graph.layers.findLastIndex((l) => l.spec.kind === 'dense');
  if (lastDense < 0) throw new Error(`embedding: ${graph.spec.name} has no dense layer, whose input the map would show`);
  const layer = lastDense - 1;
  if (layer < 0) return { layer, name: 'the input pixels', width: size(graph.spec.input) };
  const l = graph.layers[layer];
  return { layer, name: `${l.spec.name}'s output`, width: size(l.output) };
}
