// What a network costs, per layer and in total, read off its graph and FLOP count: the figures
// the network builder shows as the user edits. One count serves the builder, the bench and the
// engine, so the numbers cannot drift apart.
import { countFlops } from './flops.ts';
import type { GraphLayer, ModelGraph } from './graph.ts';
import type { Shape } from './shape.ts';

export interface LayerCost {
  output: Shape;
  params: number;
  /** FLOPs per sample of one training step through this layer: forward and backward. */
  trainingFlops: number;
  forwardFlops: number;
}

export interface NetworkCost {
  layers: LayerCost[];
  params: number;
  forwardFlops: number;
  /** What one training sample costs: every layer's forward and backward. */
  trainingFlops: number;
}

/** Each layer's costs; `layers` may be the resolved start of a network that fails further on. */
export function layerCosts(layers: GraphLayer[]): LayerCost[] {
  const flops = countFlops({ layers });
  return layers.map((l, i) => ({
    output: l.output,
    params: l.params.reduce((s, p) => s + p.length, 0),
    trainingFlops: flops.layers[i].forward + flops.layers[i].backward,
    forwardFlops: flops.layers[i].forward,
  }));
}

export function networkCost(graph: ModelGraph): NetworkCost {
  const flops = countFlops(graph);
  return { layers: layerCosts(graph.layers), params: graph.paramCount, forwardFlops: flops.forward, trainingFlops: flops.training };
}

/**
 * Training images per second a network of `flopsPerSample` may reach on this device, scaled from
 * a measured run (its samples/s and FLOPs per sample): an estimate, since small layers use a GPU
 * less well than large ones. Null when nothing was measured.
 */
export function estimateImagesPerSecond(measured: { samplesPerSecond: number; flopsPerSample: number }, flopsPerSample: number): number | null {
  const rate = measured.samplesPerSecond * measured.flopsPerSample;
  if (!Number.isFinite(rate) || rate <= 0 || !(flopsPerSample > 0)) return null;
  return rate / flopsPerSample;
}
