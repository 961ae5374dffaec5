// The engine interface: what the worker needs from any backend (the WebGPU one in src/gpu, a CPU
// one beside it), in the model's own terms. Types only. The worker session holds an
// EngineBackend and never a backend's classes, so a backend is chosen in one place (the worker's
// entry) and a checkpoint written by one backend restores on another.
import type { TrainConfig } from './config.ts';
import type { ModelGraph, NamedTensors } from './graph.ts';
import type { InsideRequest } from './grad-cam.ts';
import type { LayerHistogramReadback } from './histogram.ts';
import type { Moments, OptimizerName } from './optimizers/index.ts';

/** Images and their digits, as the data loader gives them: count × rows × cols bytes, 0 = paper, 255 = ink. */
export interface LabelledImages {
  count: number;
  rows: number;
  cols: number;
  images: Uint8Array<ArrayBuffer>;
  labels: Uint8Array<ArrayBuffer>;
}

export interface DigitData {
  train: LabelledImages;
  test: LabelledImages;
}

/** What a backend offers the worker: an engine on a device it opens, with the data on it. */
export interface EngineBackend {
  /**
   * Opens a device, then asks for the data and puts them on it: a device refused (none here)
   * calls `events.onUnavailable` and throws before any data is loaded. Later, a lost device calls
   * `events.onLost` once, and the caller opens again for a new engine.
   */
  open(data: () => Promise<DigitData>, events: BackendEvents): Promise<Engine>;
}

export interface BackendEvents {
  /** This backend cannot run here, and why (no API, no adapter, a device refused). */
  onUnavailable(reason: 'no-api' | 'no-adapter' | 'device-refused', message: string): void;
  /** The device is gone: every model on it is lost; the caller opens a new engine. */
  onLost(message: string): void;
  /** An error the device reported without losing itself. */
  onError(message: string): void;
  /** This backend could not run here (the reason, as onUnavailable gives it) and another runs in its place. */
  onFallback?(reason: 'no-api' | 'no-adapter' | 'device-refused', message: string): void;
}

/** One device with the data on it: it checks, sizes and builds models. */
export interface Engine {
  /** The adapter (or CPU) it runs on, for the user. */
  readonly adapterName: string;
  /** Training images on the device. */
  readonly trainCount: number;
  /**
   * Everything `create` checks before it allocates: the config, the memory plan, the weights when
   * given. Throws the refusal (an Error naming the problem); returns the config as checked.
   */
  check(config: TrainConfig, weights?: NamedTensors): TrainConfig;
  /** What a model of this config would hold here, and whether that fits. */
  memory(config: TrainConfig): MemoryPlan;
  /** A model of the config, from `weights` (checked first) or the config's seed. */
  create(config: TrainConfig, hooks?: EngineHooks, weights?: NamedTensors): Promise<TrainingModel>;
  /** Trains a copy of `weights` over one pass of `set` and gives the trained weights back; the device's data stay as they are. */
  fineTune(weights: NamedTensors, set: LabelledImages, options: FineTuneOptions): Promise<NamedTensors>;
}

export interface FineTuneOptions {
  /** Optimizer, rate, batch and augmentation of the run; its model is the weights' network. */
  config: TrainConfig;
  /** One pass over the set, in steps of config.batchSize; called between chunks of steps. */
  onStep?: (step: number, steps: number, loss: number) => void;
  /** Steps per trainSteps call: progress is reported between calls. */
  chunk?: number;
}

export interface EngineHooks {
  /** Each submit's losses and accuracies, once they reach the CPU (never waited for). */
  onMetrics?: (m: StepMetrics) => void;
}

export interface StepMetrics {
  /** Step number (1-based) of loss[0]. */
  firstStep: number;
  loss: Float32Array;
  /** Fraction of the batch classified correctly, per step. */
  accuracy: Float32Array;
}

/** A loss that became non-finite or exploded; the weights went back to `restoredStep`. */
export interface Divergence {
  step: number;
  loss: number;
  restoredStep: number;
}

/** A run's whole state at one step: what a lost device or a reload restores. */
export interface Checkpoint {
  step: number;
  optimizer: OptimizerName;
  weights: NamedTensors;
  /** The optimizer's moments by name (src/model/optimizers): one float per parameter each, packed like the parameters. */
  moments: Moments;
}

/** Bytes a model of a config would hold, from the plan the engine would allocate for it. */
export interface MemoryPlan {
  /** The training plan, its snapshots and readback ring. */
  training: number;
  /** The test-set evaluation, the single-image prediction and the inside view. */
  evaluation: number;
  /** The data, shared by every model. */
  data: number;
  total: number;
  largest: { label: string; bytes: number };
  /** The engine's budget for all of it, and this device's limit on one buffer. */
  budget: number;
  maxBuffer: number;
  /** Why the engine would refuse to train it here; null when it fits. */
  problem: string | null;
}

/** A model being trained, on one engine. */
export interface TrainingModel {
  /** The config as checked (its spec parsed). */
  readonly config: TrainConfig;
  readonly graph: ModelGraph;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** Optimizer steps taken since the run began. */
  readonly stepsDone: number;
  /** 1-based epoch in progress. */
  readonly epoch: number;
  readonly done: boolean;
  /** Smoothed training throughput. */
  readonly samplesPerSecond: number;
  /** The rate of 0-based step `step` (default: the next): the set rate under the config's schedule. */
  learningRateAt(step?: number): number;
  /** Checked as a config's rate is; throws naming the problem. */
  setLearningRate(lr: number): void;
  /** Trains up to n steps (fewer at the end of the run, on stop() or divergence); the steps taken. */
  trainSteps(n: number): Promise<number>;
  /** Asks a running trainSteps to stop after the work in progress. */
  stop(): void;
  /** The divergence that stopped the last trainSteps, once: reading it clears it. */
  takeDivergence(): Divergence | null;
  /**
   * Each layer with parameters: histograms of its parameters and of their gradients of the last
   * step (zero before a step is taken here), `bins` bins each over its own [min, max], and the
   * norms of its weights and of their change since the previous call (src/model/histogram.ts).
   */
  layerHistograms(bins: number): Promise<LayerHistogramReadback>;
  /** Weights and running statistics by name. */
  getWeights(): Promise<NamedTensors>;
  /** New weights (checked first), moments cleared, the step back at 0. */
  setWeights(weights: NamedTensors): void;
  /** Everything the run needs to go on where it stands, all of one step. */
  checkpoint(): Promise<Checkpoint>;
  /** Puts a checkpoint of this model and optimizer back (checked first: a foreign one leaves the model untouched). */
  restore(checkpoint: Checkpoint): void;
  /** The forward-only side of the same weights. */
  readonly reading: ReadingModel;
  destroy(): Promise<void>;
}

/** Reads the weights as they stand (between training submits): prediction, the test set, the inside view. */
export interface ReadingModel {
  /** The class probabilities of one image (rows × cols floats, 0 = paper, 1 = ink). */
  predict(image: Float32Array): Promise<Float32Array>;
  /** Test-set losses and predictions, of the first `limit` images when given. */
  evaluate(limit?: number): Promise<SplitResult>;
  /** Activations, filters, saliency and Grad-CAM of one image; `request` picks the class and Grad-CAM's layer (src/model/grad-cam.ts). */
  inspect(image: Float32Array, request?: InsideRequest): Promise<InsideReadback>;
  /**
   * Layer `layer`'s output (eval mode) for each of the first `count` test images, image after
   * image: the whole output (`'none'`: count × size(output) floats), or each channel's largest
   * value (`'channel-max'`: count × channels floats, channels as `channelLayout` in
   * src/model/channels.ts names them). The layer's index is the graph's; `count` is clamped to the
   * test set.
   */
  testOutputs(layer: number, count: number, reduce: OutputReduction): Promise<Float32Array>;
}

/** How testOutputs gives a layer's output per image. */
export type OutputReduction = 'none' | 'channel-max';

export interface SplitResult {
  losses: Float32Array;
  predictions: Uint32Array;
}

/** What one inside-view request reads back: views on one buffer, so the whole can cross to another thread as one transfer. */
export interface InsideReadback {
  buffer: ArrayBuffer;
  probabilities: Float32Array;
  /** d(logit of `explained`)/d(input), the input's shape. */
  saliency: Float32Array;
  /** Each layer's output for this image, in order. */
  activations: Float32Array[];
  /** The first conv layer's filters ([out, in, k, k]); null without a conv layer. */
  filters: Float32Array | null;
  /** The argmax of the logits (ties to the first). */
  predicted: number;
  /** The class the saliency and Grad-CAM follow: the request's, else `predicted`. */
  explained: number;
  /** Grad-CAM of `explained` at the graph's layer `layer` (its H×W, src/model/grad-cam.ts); null without a conv layer. Its own small array, off `buffer`. */
  gradCam: { layer: number; map: Float32Array } | null;
}

/**
 * A model that only reads: opened from a config and its weights, with no data and no training
 * plan. A session reads drawings with one while its engine opens, loads the data and builds the
 * training plan (src/worker/session/first-reader.ts).
 */
export interface StandaloneReader {
  readonly graph: ModelGraph;
  /** predict and inspect; it has no test set to evaluate. */
  readonly reading: ReadingModel;
}

/** Opens a StandaloneReader of `config`'s network on `weights` (weights and running statistics by name). */
export type OpenReader = (config: TrainConfig, weights: NamedTensors) => Promise<StandaloneReader>;
