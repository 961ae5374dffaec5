// The reference engine: a model's forward and backward pass composed from the CPU reference of
// each layer kind, on the same packed layouts as the GPU plan. The oracle for parity tests.
import { gradCamMap, resolveInsideRequest, type InsideRequest } from '../model/grad-cam.ts';
import type { ModelGraph } from '../model/graph.ts';
import { activationBackward } from './activation.ts';
import { argmaxOneHot } from './argmax-one-hot.ts';
import { refLayer } from './layers/index.ts';
import type { Mode, RefForward } from './layers/layer.ts';
import { softmaxCrossEntropy } from './softmax-xent.ts';

export interface RefWeights {
  params: Float32Array;
  /** Running statistics: a training forward updates them in place, as the GPU's does. */
  state: Float32Array;
}

/** What per-step draws depend on: the 1-based optimizer step and the run's seed. */
export interface RefStep {
  t: number;
  seed: number;
}

export interface ForwardTrace {
  acts: Float32Array[];
  saved: unknown[];
}

const window = (packed: Float32Array, entries: { offset: number; length: number }[]) => entries.map((p) => packed.subarray(p.offset, p.offset + p.length));

function args(graph: ModelGraph, w: RefWeights, i: number, batch: number, mode: Mode, step: RefStep, x: Float32Array) {
  const layer = graph.layers[i];
  return { spec: layer.spec, layer, batch, mode, x, params: window(w.params, layer.params), state: window(w.state, layer.state), ...step };
}

export function forward(
  graph: ModelGraph,
  w: RefWeights,
  x: Float32Array,
  batch: number,
  mode: Mode = 'eval',
  step: RefStep = { t: 1, seed: 0 },
): ForwardTrace {
  const acts = [x];
  const saved: unknown[] = [];
  for (const l of graph.layers) {
    const r: RefForward = refLayer(l.spec).forward(args(graph, w, l.index, batch, mode, step, acts[l.index]));
    acts.push(r.y);
    saved.push(r.saved);
  }
  return { acts, saved };
}

/** Loss, correct count and the packed parameter gradient of one training step's batch. */
export function lossAndGradient(
  graph: ModelGraph,
  w: RefWeights,
  x: Float32Array,
  labels: Uint32Array,
  batch: number,
  step: RefStep = { t: 1, seed: 0 },
  /** The loss's label smoothing (TrainConfig.labelSmoothing). */
  smoothing = 0,
): { loss: number; correct: number; grads: Float32Array } {
  const { acts, saved } = forward(graph, w, x, batch, 'train', step);
  const { loss, correct, dlogits } = softmaxCrossEntropy(acts[acts.length - 1], labels, { batch, classes: graph.spec.classes, smoothing });
  const grads = new Float32Array(graph.paramFloats);
  let dy: Float32Array = dlogits;
  for (let i = graph.layers.length - 1; i >= 0; i--) {
    const l = graph.layers[i];
    dy = activationBackward(dy, acts[i + 1], l.activation);
    const r = refLayer(l.spec).backward({ ...args(graph, w, i, batch, 'train', step, acts[i]), y: acts[i + 1], saved: saved[i], dy, needDx: i > 0 });
    r.grads.forEach((g, k) => grads.set(g, l.params[k].offset));
    if (r.dx) dy = r.dx;
  }
  return { loss, correct, grads };
}

/**
 * Saliency of one image when reading (eval mode): the gradient of one class's logit (pre-softmax;
 * the predicted class unless `request.target` names another) w.r.t. the input pixels, with every
 * layer's activation on the way, and Grad-CAM at the request's layer (src/model/grad-cam.ts): the
 * same backward, its gradient read at that layer's output, before the layer's activation is undone.
 */
export function inputGradient(
  graph: ModelGraph,
  w: RefWeights,
  x: Float32Array,
  request: InsideRequest = {},
): { acts: Float32Array[]; predicted: number; explained: number; grad: Float32Array; gradCam: { layer: number; map: Float32Array } | null } {
  const { acts, saved } = forward(graph, w, x, 1, 'eval');
  const predicted = argmaxOneHot(acts[acts.length - 1], 1, graph.spec.classes).indexOf(1);
  const { target, layer } = resolveInsideRequest(graph, predicted, request);
  let dy: Float32Array = new Float32Array(graph.spec.classes);
  dy[target] = 1;
  let gradCam: { layer: number; map: Float32Array } | null = null;
  for (let i = graph.layers.length - 1; i >= 0; i--) {
    const l = graph.layers[i];
    if (i === layer) gradCam = { layer, map: gradCamMap(l.output, acts[i + 1], dy) };
    dy = activationBackward(dy, acts[i + 1], l.activation);
    dy = refLayer(l.spec).backward({ ...args(graph, w, i, 1, 'eval', { t: 1, seed: 0 }, acts[i]), y: acts[i + 1], saved: saved[i], dy, needDx: true }).dx!;
  }
  return { acts, predicted, explained: target, grad: dy, gradCam };
}
