// An engine's layer histograms as the page keeps them: one ridge per evaluation during training,
// each layer named, and its update ratio ‖Δw‖/‖w‖ over the steps since the previous ridge.
import type { ModelGraph } from '../../model/graph.ts';
import type { LayerHistogramReadback } from '../../model/histogram.ts';
import type { HistogramRidge } from '../protocol.ts';

export function ridgeOf(graph: ModelGraph, read: LayerHistogramReadback, epoch: number): HistogramRidge {
  return {
    step: read.step,
    epoch,
    sinceStep: read.sinceStep,
    layers: read.layers.map((l) => ({
      layer: l.layer,
      name: graph.layers[l.layer].spec.name,
      weights: l.weights,
      gradients: l.gradients,
      updateRatio: l.updateNorm === null || l.weightNorm === 0 ? null : l.updateNorm / l.weightNorm,
    })),
  };
}
