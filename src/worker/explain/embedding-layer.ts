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
  /** The last dense layer, when it is the network's last layer: the classes follow from the features without another pass. */
  classifier: { name: string; units: number } | null;
}

export function embeddingSource(graph: ModelGraph): EmbeddingSource {
  const lastDense = graph.layers.findLastIndex((l) => l.spec.kind === 'dense');
  if (lastDense < 0) throw new Error(`embedding: ${graph.spec.name} has no dense layer, whose input the map would show`);
  let layer = lastDense - 1;
  // Dropout reads as the identity: the layer before it is what the map shows, by its own name.
  while (layer >= 0 && graph.layers[layer].spec.kind === 'dropout') layer--;
  const d = graph.layers[lastDense];
  const classifier = lastDense === graph.layers.length - 1 && d.spec.kind === 'dense' ? { name: d.spec.name, units: d.spec.units } : null;
  if (layer < 0) return { layer, name: 'the input pixels', width: size(graph.spec.input), classifier };
  const l = graph.layers[layer];
  return { layer, name: `${l.spec.name}'s output`, width: size(l.output), classifier };
}

/**
 * The class each row of features is read as by a dense layer of weight [width, units] (row-major)
 * and bias: the argmax of its logits (first on ties). The last layer's activation, if any, is
 * monotonic and keeps the argmax, but for ReLU's ties at zero.
 */
export function denseArgmax(features: Float32Array, width: number, weight: Float32Array, bias: Float32Array | null, units: number): Uint8Array {
  if (weight.length !== width * units) throw new Error(`denseArgmax: a weight of ${weight.length} values is not ${width}×${units}`);
  const count = features.length / width;
  const out = new Uint8Array(count);
  const logits = new Float64Array(units);
  for (let r = 0; r < count; r++) {
    for (let u = 0; u < units; u++) logits[u] = bias ? bias[u] : 0;
    for (let i = 0; i < width; i++) {
      const x = features[r * width + i];
      if (x !== 0) for (let u = 0; u < units; u++) logits[u] += x * weight[i * units + u];
    }
    let best = 0;
    for (let u = 1; u < units; u++) if (logits[u] > logits[best]) best = u;
    out[r] = best;
  }
  return out;
}
