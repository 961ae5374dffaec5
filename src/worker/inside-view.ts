// Names and shapes for the engine's inside-view readback, from the model graph: the protocol's
// InsideView. Every array stays a view on the one readback buffer, which crosses to the UI as a
// single transfer; Grad-CAM's small map (one layer's H×W) is copied with it.
import type { InsideReadback } from '../model/engine.ts';
import { firstFilters } from '../model/first-filters.ts';
import { gradCamLayers, noGradCamReason } from '../model/grad-cam.ts';
import type { ModelGraph } from '../model/graph.ts';
import type { GradCamView, InsideView } from './protocol.ts';

export function insideView(graph: ModelGraph, r: InsideReadback): InsideView {
  const filters = firstFilters(graph);
  return {
    layers: graph.layers.map((l, i) => ({ name: l.spec.name, kind: l.spec.kind, shape: [...l.output], values: r.activations[i] })),
    probabilities: r.probabilities,
    predicted: r.predicted,
    explained: r.explained,
    saliency: r.saliency,
    inputShape: [...graph.spec.input],
    filters: filters && r.filters ? { layer: filters.layer, shape: [...filters.weight.shape], values: r.filters } : null,
    gradCam: r.gradCam ? gradCamView(graph, r.gradCam) : null,
    gradCamLayers: gradCamLayers(graph),
    noGradCam: noGradCamReason(graph),
  };
}

function gradCamView(graph: ModelGraph, cam: { layer: number; map: Float32Array }): GradCamView {
  const [, h, w] = graph.layers[cam.layer].output;
  return { layer: cam.layer, name: graph.layers[cam.layer].spec.name, shape: [h, w], map: cam.map };
}
