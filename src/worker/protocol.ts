// The one contract between the UI thread and the engine worker. The worker exposes an
// EngineApi through comlink; the UI passes an event callback (comlink.proxy) in `connect`.
// This module imports only types, so both sides can load it; what a model and a run are lives
// in src/model, which both sides share.

import type { TrainConfig } from '../model/config.ts';
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

/** GPU bytes a config would hold, from the plan the engine would allocate for it. */
export interface MemoryReport {
  /** The training plan, its snapshots and readback ring. */
  training: number;
  /** The test-set evaluation and the single-image prediction. */
  evaluation: number;
  /** MNIST, shared by every model. */
  data: number;
  total: number;
  largest: { label: string; bytes: number };
  /** The engine's budget for all of it, and this device's limit on one buffer. */
  budget: number;
  maxBuffer: number;
  /** Why the engine would refuse to train it here; null when it fits. */
  problem: string | null;
}

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
  | { type: 'error'; message: string; fatal: boolean };

export interface EngineApi {
  /** Registers the event sink, loads the data and the pretrained model; resolves when ready. */
  connect(onEvent: (event: EngineEvent) => void): Promise<void>;
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
  evaluate(): Promise<Evaluation>;
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
}
