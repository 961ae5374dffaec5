// What a benchmark run measures: built by the CLI (options.ts), passed to the page as one query
// parameter, and echoed in the JSON so a figure always travels with what produced it. This
// module runs in the page too, so it reads no files (options.ts does).
import { preset } from '../../src/model/presets.ts';
import type { ModelSpec } from '../../src/model/spec.ts';

export const ENGINE_NAMES = ['inkling', 'tfjs_webgpu', 'tfjs_webgl', 'jaxjs_webgpu', 'jaxjs_wasm'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];
/** The peers: every engine but Inkling, each compared with it. */
export type PeerName = Exclude<EngineName, 'inkling'>;
export const PEER_NAMES = ENGINE_NAMES.filter((n): n is PeerName => n !== 'inkling');

export interface BenchConfig {
  runtime: 'browser' | 'node';
  /** The model Inkling trains: a preset's spec or a --spec file's. The peers build only the seed cnn. */
  model: ModelSpec;
  engines: EngineName[];
  batches: number[];
  rounds: number;
  /** Steps per engine per round; 0 picks it from the batch size and the adapter (stepsPerRound). */
  steps: number;
  warmup: number;
  evalLimit: number;
  seed: number;
  profile: boolean;
  kernels: boolean;
}

export const DEFAULT_CONFIG: BenchConfig = {
  runtime: 'browser',
  model: preset('cnn'),
  engines: [...ENGINE_NAMES],
  batches: [64, 256],
  rounds: 3,
  steps: 0,
  warmup: 1,
  evalLimit: 1000,
  seed: 1,
  profile: false,
  kernels: false,
};

/** Whether the peers (TF.js, jax-js) can train it: they build the seed cnn's layers and nothing else. */
export function isSeedCnn(model: ModelSpec): boolean {
  return JSON.stringify(model.layers) === JSON.stringify(preset('cnn').layers);
}

/** Samples per engine per round when --steps is not given: a software rasteriser does ~100/s. */
const AUTO_SAMPLES = { software: 128, hardware: 25_600 };

export function stepsPerRound(config: Pick<BenchConfig, 'steps'>, batch: number, software: boolean): number {
  if (config.steps > 0) return config.steps;
  return Math.max(1, Math.round((software ? AUTO_SAMPLES.software : AUTO_SAMPLES.hardware) / batch));
}
