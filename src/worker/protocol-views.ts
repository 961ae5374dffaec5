// The views the explain panels and the inside view receive from the worker: what the network does with one
// digit, where it looks, which test digits drive a unit, how it lays out the test set, and how training moves
// its layers. Part of the protocol (protocol.ts re-exports it); like it, this module imports only types.
import type { Histogram } from '../model/histogram.ts';

/**
 * How one evaluation during training found the layers (a ridge of the layer-histograms view): per
 * layer with parameters, its weights and their last step's gradients binned over their own
 * [min, max] (src/model/histogram.ts), and ‖Δw‖/‖w‖ over the steps since the previous ridge.
 */
export interface HistogramRidge {
  step: number;
  epoch: number;
  /** The step the update ratios are measured from (the previous ridge's); null when there is none. */
  sinceStep: number | null;
  layers: LayerRidge[];
}

export interface LayerRidge {
  /** The graph's index of the layer, and its name. */
  layer: number;
  name: string;
  weights: Histogram;
  gradients: Histogram;
  /** ‖w(step) − w(sinceStep)‖ / ‖w(step)‖; null without a previous ridge. */
  updateRatio: number | null;
}

/** One layer's output for one image. */
export interface LayerActivation {
  name: string;
  kind: string;
  /** Without the batch: [C, H, W] for maps, [T, F] for sequences, [F] for units. */
  shape: number[];
  values: Float32Array;
}

/** What the network does with one image: the inside view of the drawn digit. */
export interface InsideView {
  /** Every layer's output, in order; the last one holds the logits. */
  layers: LayerActivation[];
  probabilities: Float32Array;
  /** The most likely class. */
  predicted: number;
  /** The class the saliency and Grad-CAM are for: `predicted` unless the request named another. */
  explained: number;
  /** d(logit of `explained`, before the softmax)/d(input pixel), in the input's shape. */
  saliency: Float32Array;
  inputShape: number[];
  /** The first conv layer's filters, [out, in, k, k]; null when the network has no conv layer. */
  filters: { layer: string; shape: number[]; values: Float32Array } | null;
  /** Grad-CAM of `explained` at one layer, at that layer's H×W (the page scales it to the input); null when `noGradCam` says why. */
  gradCam: GradCamView | null;
  /** The layers Grad-CAM can read (indices into `layers`), in order; the last is the default. */
  gradCamLayers: number[];
  /** Why the network shows no Grad-CAM; null when it does. */
  noGradCam: string | null;
}

/** Grad-CAM (src/model/grad-cam.ts): where the network looks for one class, at one layer's maps. */
export interface GradCamView {
  /** Index into InsideView.layers. */
  layer: number;
  name: string;
  /** [H, W] of `map`. */
  shape: [number, number];
  map: Float32Array;
}

/** A test digit an explain view shows. */
export interface ExplainDigit {
  /** In the test set. */
  index: number;
  label: number;
  predicted: number;
  /** The probability of `predicted`. */
  probability: number;
  /** 28×28 bytes. */
  pixels: Uint8Array;
}

/** The test digits of one cell of the confusion matrix (label `truth` read as `predicted`), most confident first. */
export interface ConfusionCell {
  truth: number;
  predicted: number;
  /** The weights' step they were read at. */
  step: number;
  /** Digits in the cell; `digits` holds the first of them. */
  total: number;
  digits: ExplainDigit[];
}

/** The test digits that drive one channel (a conv map's largest value) or unit hardest, over the whole test set. */
export interface TopDigits {
  layer: number;
  channel: number;
  step: number;
  digits: (ExplainDigit & { activation: number })[];
}

/** How the embedding map lays the digits out: PCA at once, UMAP in seconds (clusters kept apart better). */
export type EmbeddingMethod = 'pca' | 'umap';

/** The first test digits as the network sees them: its last dense layer's inputs, projected to 2D. */
export interface EmbeddingMap {
  /** The weights' step they were read at. */
  step: number;
  method: EmbeddingMethod;
  /** What was projected, e.g. "dense1's output". */
  source: string;
  /** Values per digit before the projection. */
  width: number;
  count: number;
  /** x and y of each digit, in [0, 1]. */
  places: Float32Array;
  labels: Uint8Array;
  predicted: Uint8Array;
  /** count × 28×28 bytes. */
  pixels: Uint8Array;
}

/** Where an image (the drawn digit) falls on the last map made, and how the model reads it. */
export interface EmbeddingPlace {
  x: number;
  y: number;
  predicted: number;
  /** The map's step. */
  step: number;
}
