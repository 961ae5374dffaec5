// Grad-CAM (Selvaraju et al., 2017), backend-neutral: which layers it can look at, and the map
// from a layer's output A and the gradient of one class's logit (pre-softmax) w.r.t. that output.
// α_c = mean over H×W of ∂logit/∂A_c; map = ReLU(Σ_c α_c A_c), at the layer's H×W. Every engine
// runs its own backward to get the gradient and hands both here, so the formula is written once.
import type { ModelGraph } from './graph.ts';

/** What an inside-view request explains; each left out takes its default. */
export interface InsideRequest {
  /** The class whose logit the saliency and Grad-CAM follow (0-based); default the predicted one. */
  target?: number;
  /** The graph's index of the layer Grad-CAM reads; default the last of `gradCamLayers`. */
  layer?: number;
}

/**
 * The layers Grad-CAM can read: those with [C, H, W] maps from the first convolution on (a conv
 * layer and the batch norms and pools after it), in order. Dropout is left out: reading, it passes
 * its input through. Empty for a network without a convolution.
 */
export function gradCamLayers(graph: ModelGraph): number[] {
  const first = graph.layers.findIndex((l) => l.spec.kind === 'conv2d');
  if (first < 0) return [];
  return graph.layers.filter((l) => l.index >= first && l.output.length === 3 && l.spec.kind !== 'dropout').map((l) => l.index);
}

/** Why a network shows no Grad-CAM, or null when it can. */
export function noGradCamReason(graph: ModelGraph): string | null {
  return gradCamLayers(graph).length > 0 ? null : 'Grad-CAM needs a convolution layer: this network has none, so it keeps no maps of where it looks.';
}

/** A request checked against the graph and the logits: the class and the layer (null without one) to explain. */
export function resolveInsideRequest(graph: ModelGraph, predicted: number, request: InsideRequest = {}): { target: number; layer: number | null } {
  const classes = graph.spec.classes;
  const target = request.target ?? predicted;
  if (!Number.isInteger(target) || target < 0 || target >= classes)
    throw new Error(`inside view: class ${target} is not one of ${graph.spec.name}'s (0..${classes - 1})`);
  const layers = gradCamLayers(graph);
  if (request.layer === undefined) return { target, layer: layers.length > 0 ? layers[layers.length - 1] : null };
  if (!layers.includes(request.layer)) {
    const named = graph.layers[request.layer]?.spec.name ?? `layer ${request.layer}`;
    const which = layers.length > 0 ? layers.map((i) => graph.layers[i].spec.name).join(', ') : 'none: it has no convolution';
    throw new Error(
      `inside view: Grad-CAM cannot read ${named} of ${graph.spec.name}; it reads layers with [C, H, W] maps from the first convolution on (${which})`,
    );
  }
  return { target, layer: request.layer };
}

/** The Grad-CAM map (H×W) of `activation` and `gradient`, both [C, H, W] in `shape`. */
export function gradCamMap(shape: readonly number[], activation: ArrayLike<number>, gradient: ArrayLike<number>): Float32Array {
  if (shape.length !== 3) throw new Error(`gradCamMap: a [C, H, W] shape is needed, got [${shape.join(', ')}]`);
  const [channels, h, w] = shape;
  const plane = h * w;
  if (activation.length !== channels * plane || gradient.length !== channels * plane)
    throw new Error(`gradCamMap: ${activation.length} activations and ${gradient.length} gradients for [${shape.join(', ')}]`);
  const map = new Float64Array(plane);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let i = 0; i < plane; i++) sum += gradient[c * plane + i];
    const alpha = sum / plane;
    for (let i = 0; i < plane; i++) map[i] += alpha * activation[c * plane + i];
  }
  return Float32Array.from(map, (v) => Math.max(0, v));
}
