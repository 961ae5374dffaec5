// The one contract between the UI thread and the engine worker. The worker exposes an
// EngineApi through comlink; the UI passes an event callback (comlink.proxy) in `connect`.
// This module imports only types, so both sides can load it; what a model and a run are lives
// in src/model, which both sides share.

import type { TrainConfig } from '../model/config.ts';
import type { MemoryPlan } from '../model/engine.ts';
import type { NamedTensors } from '../model/graph.ts';
import type { ModelSpec } from '../model/spec.ts';

export type { TrainConfig, NamedTensors, ModelSpec };

export type TrainState = 'loading' | 'idle' | 'training' | 'paused' | 'done' | 'failed';

export interface Progress {
  state: TrainState;
  epoch: number; // 1-based epoch in progress
  epochs: number;
  step: number; // optimizer steps taken since reset
  totalSteps: number;
  stepsPerEpoch: number;
  samplesPerSecond: number;
  etaSeconds: number;
  /** The learning rate of the next step (the schedule applied to the set rate). */
  learningRate: number;
}

export interface TestSample {
  index: number; // in the test set
  label: number;
  predicted: number;
  pixels: Uint8Array; // 28×28 bytes
}

export interface Evaluation {
  step: number;
  epoch: number;
  loss: number;
  accuracy: number; // 0..1
  perClassAccuracy: number[]; // 10 entries
  confusion: number[][]; // [label][predicted] counts
  samples: TestSample[];
}

/** One point of the test curve: an evaluation without its heavy parts. */
export interface EvaluationPoint {
  step: number;
  epoch: number;
  loss: number;
  accuracy: number;
}

/** Per-step training metrics of a run, oldest first; `steps` may have gaps (steps lost to a reload). */
export interface MetricHistory {
  steps: Uint32Array;
  loss: Float32Array;
  accuracy: Float32Array;
}

/** What a reopened page gets back of the run it left (the model itself is the engine's again). */
export interface RestoredRun {
  /** When it was saved, ms since 1970. */
  savedAt: number;
  step: number;
  metrics: MetricHistory;
  evaluations: EvaluationPoint[];
  lastEvaluation: Evaluation | null;
}

/** A model in the saved list: what it is and how good, without its weights. */
export interface SavedModel {
  id: number;
  name: string;
  /** e.g. "conv2d 32 → maxpool → dense 128 → dense 10 · 693k parameters" */
  summary: string;
  /** Test accuracy (0..1) measured at the step it was saved, or null when untested. */
  accuracy: number | null;
  steps: number;
  savedAt: number;
}

/** The settings form as the UI last left it; the UI checks it again when it reads it back. */
export type SavedSettings = Record<string, string>;

/** A digit the user drew and labelled, kept in their personal set (in IndexedDB, beside the run). */
export interface PersonalDigit {
  id: number;
  /** What the user said it is, 0–9. */
  label: number;
  /** The 28×28 image the model saw, as bytes (0 paper, 255 ink). */
  pixels: Uint8Array<ArrayBuffer>;
  addedAt: number;
}

/** What a fine-tune on the personal set did, measured before and after (accuracies 0..1). */
export interface FineTuneReport {
  /** Digits it trained on. */
  trained: number;
  /** Digits held back and measured on; 0 when the set was too small, and the trained digits were measured. */
  heldOut: number;
  personalBefore: number;
  personalAfter: number;
  /** On the 10,000 MNIST test digits. */
  testBefore: number;
  testAfter: number;
  steps: number;
  /** The whole run, tests included, and its training steps alone. */
  seconds: number;
  trainingSeconds: number;
  /** The label of the model now in use. */
  label: string;
}

export interface FineTuneProgress {
  phase: 'measuring' | 'training' | 'testing' | 'done' | 'failed';
  step: number;
  steps: number;
  report: FineTuneReport | null;
  /** Why it failed. */
  message: string | null;
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
  /** The most likely class: the one the saliency is for. */
  predicted: number;
  /** d(logit of `predicted`, before the softmax)/d(input pixel), in the input's shape. */
  saliency: Float32Array;
  inputShape: number[];
  /** The first conv layer's filters, [out, in, k, k]; null when the network has no conv layer. */
  filters: { layer: string; shape: number[]; values: Float32Array } | null;
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

/** Bytes a config would hold, from the plan the engine would allocate for it (src/model/engine.ts). */
export type MemoryReport = MemoryPlan;

/** What a short timed run measured: a rate in images/s of a network of known FLOPs per training image. */
export interface SpeedProbe {
  samplesPerSecond: number;
  flopsPerSample: number;
  model: string;
  batchSize: number;
}

export type EngineEvent =
  | { type: 'loading'; what: string; loaded: number; total: number }
  | { type: 'ready'; adapter: string; trainSize: number; testSize: number; model: ModelSpec; pretrained: string | null }
  | { type: 'progress'; progress: Progress }
  /** Per-step training metrics since the last such event; `firstStep` is the step of loss[0]. */
  | { type: 'metrics'; firstStep: number; loss: Float32Array; accuracy: Float32Array }
  | { type: 'evaluation'; evaluation: Evaluation }
  /** No usable WebGPU in this browser: the UI shows how to get it instead of the app. */
  | { type: 'unsupported'; reason: 'no-api' | 'no-adapter' | 'device-refused'; message: string }
  /** Something the user should know that did not stop the app (device recovered, NaN rolled back). */
  | { type: 'notice'; message: string }
  /** The run saved before the page was reloaded or closed, now back in the engine (sent after 'ready'). */
  | { type: 'restored'; run: RestoredRun }
  /** The run is saved up to `step` (in IndexedDB, see src/worker/persist). */
  | { type: 'saved'; step: number; savedAt: number }
  /** Saving failed (quota, private mode, storage blocked): said plainly; training goes on. */
  | { type: 'storage-error'; message: string }
  /** How a fine-tune on the personal set goes (see EngineApi.fineTune). */
  | { type: 'finetune'; progress: FineTuneProgress }
  | { type: 'error'; message: string; fatal: boolean };

export interface EngineApi {
  /**
   * Registers the event sink, loads the data and the saved run or else the pretrained model;
   * resolves when ready, with the step of the run it took back from storage (null when none).
   */
  connect(onEvent: (event: EngineEvent) => void): Promise<{ restoredStep: number | null }>;
  /** Rejects with a message naming the bad field; the current model is untouched then. */
  configure(config: TrainConfig): Promise<void>;
  /** What training this config would hold on the GPU, and whether it fits; allocates nothing. */
  planMemory(config: TrainConfig): Promise<MemoryReport>;
  /** Times a few training steps of the default network on a throwaway trainer. */
  probeSpeed(): Promise<SpeedProbe>;
  start(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  reset(): Promise<void>;
  setLearningRate(learningRate: number): Promise<void>;
  /** Class probabilities for one 28×28 image of floats in [0, 1]. Answered during training. */
  predict(image: Float32Array): Promise<Float32Array>;
  /** Activations, filters and saliency for one 28×28 image, read back at once. Answered during training. */
  inspect(image: Float32Array): Promise<InsideView>;
  evaluate(): Promise<Evaluation>;
  /** The test digits of one cell of the confusion matrix, as the weights read them now; the first `limit`. */
  confusionCell(truth: number, predicted: number, limit: number): Promise<ConfusionCell>;
  /** The `k` test digits that activate channel `channel` of layer `layer` (0-based, the graph's) most. */
  topDigits(layer: number, channel: number, k: number): Promise<TopDigits>;
  getWeights(): Promise<NamedTensors>;
  setWeights(weights: NamedTensors): Promise<void>;
  /** The current model as a model file (safetensors with its spec, see src/model/weights-file.ts). */
  exportModel(): Promise<ArrayBuffer>;
  /**
   * Loads a model file (`name` names it in messages), switching to its architecture if needed. The
   * worker parses it, off the UI thread. Everything is checked before anything changes: a bad file
   * is refused with a message naming the problem, model untouched. Resolves with a label such as
   * "cnn · 97.9% test accuracy" and the spec the engine now runs.
   */
  importModel(file: ArrayBuffer, name: string): Promise<{ label: string; model: ModelSpec }>;
  /** The settings form as saved, or null when none is (or storage fails). */
  loadSettings(): Promise<SavedSettings | null>;
  saveSettings(settings: SavedSettings): Promise<void>;
  /** The saved models, newest first. */
  listModels(): Promise<SavedModel[]>;
  /** Saves the current model (weights and spec) in the list under `name`; resolves with the list. */
  saveModel(name: string): Promise<SavedModel[]>;
  /** Makes a saved model the current one, as importModel does with a file. */
  openModel(id: number): Promise<{ label: string; model: ModelSpec }>;
  renameModel(id: number, name: string): Promise<SavedModel[]>;
  deleteModel(id: number): Promise<SavedModel[]>;
  /** The personal digit set, oldest first. */
  listDigits(): Promise<PersonalDigit[]>;
  /** Keeps a drawn 28×28 image (floats in [0, 1]) under `label`; resolves with the set. */
  addDigit(image: Float32Array, label: number): Promise<PersonalDigit[]>;
  removeDigit(id: number): Promise<PersonalDigit[]>;
  /** The set as a file (src/data/personal-file.ts). */
  exportDigits(): Promise<ArrayBuffer>;
  /** Adds a file's digits (those not already kept); a bad file is refused naming the problem, the set untouched. */
  importDigits(file: ArrayBuffer, name: string): Promise<PersonalDigit[]>;
  /**
   * Fine-tunes the model in use on the personal set mixed with MNIST replay (pausing training),
   * measured before and after; progress comes as 'finetune' events, the test as an 'evaluation'.
   */
  fineTune(): Promise<FineTuneReport>;
  /** A sign of life for the page's heartbeat: answers at once, whatever the engine is doing. */
  ping(): Promise<true>;
}
