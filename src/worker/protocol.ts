// The one contract between the UI thread and the engine worker. The worker exposes an
// EngineApi through comlink; the UI passes an event callback (comlink.proxy) in `connect`.
// This module imports only types, so both sides can load it; what a model and a run are lives
// in src/model, which both sides share.

import type { TrainConfig } from '../model/config.ts';
import type { MemoryPlan } from '../model/engine.ts';
import type { InsideRequest } from '../model/grad-cam.ts';
import type { Histogram } from '../model/histogram.ts';
import type { NamedTensors } from '../model/graph.ts';
import type { ModelSpec } from '../model/spec.ts';

export type { TrainConfig, NamedTensors, ModelSpec, Histogram };
export type * from './protocol-views.ts';
import type { HistogramRidge, InsideView, ConfusionCell, TopDigits, EmbeddingMethod, EmbeddingMap, EmbeddingPlace } from './protocol-views.ts';

/** The engines a page can run: the WebGPU one and the CPU one (WebAssembly SIMD). */
export type EngineKind = 'webgpu' | 'wasm';

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

/** A quick check of the model in use on the first `images` test digits (an import is checked so at once). */
export interface AccuracyCheck {
  step: number;
  images: number;
  accuracy: number;
  loss: number;
}

/** A model that came from a file or the saved list, as the engine now runs it. */
export interface LoadedModel {
  label: string;
  model: ModelSpec;
  /** The test accuracy its file recorded when it was made: a claim about those weights, not a measurement here. */
  recordedAccuracy: number | null;
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
  /** The quick check of the model in use, when it had one and no rollback went past it. */
  check: AccuracyCheck | null;
  /** The layer histograms of its evaluations during training, in step order. */
  histograms: HistogramRidge[];
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
  | {
      type: 'ready';
      adapter: string;
      trainSize: number;
      testSize: number;
      model: ModelSpec;
      pretrained: string | null;
      /** What the file of the `pretrained` weights recorded of their test accuracy when they were made (see LoadedModel). */
      recordedAccuracy: number | null;
    }
  /**
   * Drawings are read (predict, inspect) from now on, with the weights the session opens with,
   * while the data load and the training plan is built: sent before 'ready' (not at all where the
   * first reader cannot open; then drawings are read from 'ready').
   */
  | { type: 'reading' }
  | { type: 'progress'; progress: Progress }
  /** Per-step training metrics since the last such event; `firstStep` is the step of loss[0]. */
  | { type: 'metrics'; firstStep: number; loss: Float32Array; accuracy: Float32Array }
  | { type: 'evaluation'; evaluation: Evaluation }
  /** The layer histograms read with an evaluation during training. */
  | { type: 'histograms'; ridge: HistogramRidge }
  /** No usable WebGPU in this browser: the UI shows how to get it instead of the app. */
  | { type: 'unsupported'; reason: 'no-api' | 'no-adapter' | 'device-refused'; message: string }
  /** No usable WebGPU, and why: the engine runs on the CPU instead (sent before 'ready'). */
  | { type: 'fallback'; reason: 'no-api' | 'no-adapter' | 'device-refused'; message: string }
  /**
   * The engine in use (its kind and adapter) and the kinds the user may switch to: sent before
   * 'ready', and again after each switch (one asked for, or a GPU lost for good). `gpuUnavailable`:
   * why the GPU is not among the choices.
   */
  | { type: 'engine'; kind: EngineKind; adapter: string; choices: EngineKind[]; gpuUnavailable: string | null }
  /** Something the user should know that did not stop the app (device recovered, NaN rolled back). */
  | { type: 'notice'; message: string }
  /** The run saved before the page was reloaded or closed, now back in the engine (sent after 'ready'). */
  | { type: 'restored'; run: RestoredRun }
  /** The run is saved up to `step` (in IndexedDB, see src/worker/persist). */
  | { type: 'saved'; step: number; savedAt: number }
  /** Saving failed (quota, private mode, storage blocked): said plainly; training goes on. */
  | { type: 'storage-error'; message: string }
  /**
   * Whether this tab owns the saved run (one tab at a time does, src/worker/persist/run-owner.ts):
   * sent before 'ready', and again when another tab takes it over. A tab that does not own it
   * shows the run read-only and writes nothing.
   */
  | { type: 'ownership'; owned: boolean; why: 'open-elsewhere' | 'taken-over' | null }
  /** The model in use checked on the first test digits (after an import). */
  | { type: 'checked'; check: AccuracyCheck }
  /**
   * The weights went back to those of `step` (a diverging loss, a lost device): tests and checks
   * of later steps measured weights that are gone.
   */
  | { type: 'rolled-back'; step: number }
  /** How a fine-tune on the personal set goes (see EngineApi.fineTune). */
  | { type: 'finetune'; progress: FineTuneProgress }
  | { type: 'error'; message: string; fatal: boolean };

/**
 * The name of an engine worker started to take the run over (the other is unnamed): its session
 * starts as the worker does, before the page's connect can reach it, so it must know from its name.
 */
export const TAKE_OVER_WORKER = 'inkling-engine-take-over';

export interface EngineApi {
  /**
   * Registers the event sink, loads the data and the saved run or else the pretrained model;
   * resolves when ready, with the step of the run it took back from storage (null when none).
   * `takeOver` asks the tab that owns the run to save it and let it go, and reads it after.
   * A session started ahead (the worker's) hands over the events kept so far, then goes on.
   */
  connect(onEvent: (event: EngineEvent) => void, options?: { takeOver?: boolean }): Promise<{ restoredStep: number | null }>;
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
  /**
   * Activations, filters, saliency and Grad-CAM for one 28×28 image, read back at once; `request`
   * picks the class they explain and Grad-CAM's layer (both default). Answered during training.
   */
  inspect(image: Float32Array, request?: InsideRequest): Promise<InsideView>;
  evaluate(): Promise<Evaluation>;
  /** The test digits of one cell of the confusion matrix, as the weights read them now; the first `limit`. */
  confusionCell(truth: number, predicted: number, limit: number): Promise<ConfusionCell>;
  /** The `k` test digits that activate channel `channel` of layer `layer` (0-based, the graph's) most. */
  topDigits(layer: number, channel: number, k: number): Promise<TopDigits>;
  /**
   * The first `count` test digits laid out in 2D by `method` (see EmbeddingMap), on the model in
   * use. A newer request, or closeEmbedding, ends one still running with an error.
   */
  embedding(count: number, method: EmbeddingMethod): Promise<EmbeddingMap>;
  /** Where a 28×28 image (floats in [0, 1]) falls on the last map made; null when that map's weights are gone or none was made. */
  embeddingPlace(image: Float32Array): Promise<EmbeddingPlace | null>;
  /** The map is no longer shown: stop making it and keep nothing of it. */
  closeEmbedding(): Promise<void>;
  getWeights(): Promise<NamedTensors>;
  setWeights(weights: NamedTensors): Promise<void>;
  /** The current model as a model file (safetensors with its spec, see src/model/weights-file.ts). */
  exportModel(): Promise<ArrayBuffer>;
  /**
   * Loads a model file (`name` names it in messages), switching to its architecture if needed. The
   * worker parses it, off the UI thread. Everything is checked before anything changes: a bad file
   * is refused with a message naming the problem, model untouched. Resolves with its label (the
   * network's name), the spec the engine now runs, and the accuracy its file recorded; a quick
   * check on the first test digits follows as a 'checked' event.
   */
  importModel(file: ArrayBuffer, name: string): Promise<LoadedModel>;
  /** The settings form as saved, or null when none is (or storage fails). */
  loadSettings(): Promise<SavedSettings | null>;
  saveSettings(settings: SavedSettings): Promise<void>;
  /** The saved models, newest first. */
  listModels(): Promise<SavedModel[]>;
  /** Saves the current model (weights and spec) in the list under `name`; resolves with the list. */
  saveModel(name: string): Promise<SavedModel[]>;
  /** Makes a saved model the current one, as importModel does with a file. */
  openModel(id: number): Promise<LoadedModel>;
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
  /**
   * Moves the run onto the engine of `kind`: training stops (and goes on after if it ran), the
   * model in use is read as a checkpoint (weights, moments, step), built again on the other engine
   * and restored; config, history and saved run stay as they are. Requests wait for it. Rejects
   * naming the problem when that engine cannot run here (the run then stays where it was).
   */
  switchEngine(kind: EngineKind): Promise<void>;
  /** A sign of life for the page's heartbeat: answers at once, whatever the engine is doing. */
  ping(): Promise<true>;
}
