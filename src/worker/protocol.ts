// The one contract between the UI thread and the engine worker. The worker exposes an
// EngineApi through comlink; the UI passes an event callback (comlink.proxy) in `connect`.
// This module imports nothing at run time, so both sides can load it.

export const MODEL_NAMES = ['mlp', 'cnn', 'cnn-deep'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
export const OPTIMIZER_NAMES = ['adam', 'sgd'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];
export const SCHEDULE_NAMES = ['constant', 'cosine', 'anneal'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];
/**
 * The schedule wherever none is named: the app's settings, the command line, a bare config.
 * Measured: for the cnn in one epoch, anneal beats a constant rate (98.1% vs 97.9% over seeds).
 */
export const DEFAULT_SCHEDULE: ScheduleName = 'anneal';

export interface TrainConfig {
  model: ModelName;
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  epochs: number;
  seed: number;
  /**
   * How the learning rate moves over the run (default DEFAULT_SCHEDULE): held (constant);
   * cosine-decayed to 0 at the last step; or held, then lowered linearly to 0 over the last
   * quarter of the steps (anneal).
   */
  schedule?: ScheduleName;
  /** End the run after this many steps, fewer than `epochs` take (default: all of them); the schedule spans the run. */
  steps?: number;
  /** Random shifts of up to 2 px on each training image (default off). */
  augment?: boolean;
}

export type TrainState = 'loading' | 'idle' | 'training' | 'paused' | 'done' | 'failed';

/** Weights by parameter name (e.g. "conv1.weight"), each with its shape. */
export type NamedWeights = Record<string, { shape: number[]; data: Float32Array }>;

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

export type EngineEvent =
  | { type: 'loading'; what: string; loaded: number; total: number }
  | { type: 'ready'; adapter: string; trainSize: number; testSize: number; model: ModelName; pretrained: string | null }
  | { type: 'progress'; progress: Progress }
  /** Per-step training metrics since the last such event; `firstStep` is the step of loss[0]. */
  | { type: 'metrics'; firstStep: number; loss: Float32Array; accuracy: Float32Array }
  | { type: 'evaluation'; evaluation: Evaluation }
  /** No usable WebGPU in this browser: the UI shows how to get it instead of the app. */
  | { type: 'unsupported'; reason: 'no-api' | 'no-adapter' | 'device-refused'; message: string }
  /** Something the user should know that did not stop the app (device recovered, NaN rolled back). */
  | { type: 'notice'; message: string }
  | { type: 'error'; message: string; fatal: boolean };

export interface EngineApi {
  /** Registers the event sink, loads the data and the pretrained model; resolves when ready. */
  connect(onEvent: (event: EngineEvent) => void): Promise<void>;
  /** Rejects with a message naming the bad field; the current model is untouched then. */
  configure(config: TrainConfig): Promise<void>;
  start(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  reset(): Promise<void>;
  setLearningRate(learningRate: number): Promise<void>;
  /** Class probabilities for one 28×28 image of floats in [0, 1]. Answered during training. */
  predict(image: Float32Array): Promise<Float32Array>;
  evaluate(): Promise<Evaluation>;
  getWeights(): Promise<NamedWeights>;
  setWeights(weights: NamedWeights): Promise<void>;
  /** The current model as a saved-model file (manifest + float32 data, see src/gpu/weights-file.ts). */
  exportModel(): Promise<{ manifest: unknown; data: ArrayBuffer }>;
  /**
   * Loads a saved model, switching to its architecture if needed. Everything is checked before
   * anything changes: a bad file is refused with a message naming the problem, model untouched.
   * Resolves with a label such as "cnn · 97.9% test accuracy".
   */
  importModel(manifest: unknown, data: ArrayBuffer): Promise<string>;
}
