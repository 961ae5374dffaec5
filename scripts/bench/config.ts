// What a benchmark run measures: built by the CLI (options.ts), passed to the page as one query
// parameter, and echoed in the JSON so a figure always travels with what produced it. This
// module runs in the page too, so it reads no files (options.ts does).
import { preset, sameValue } from '../../src/model/presets.ts';
import type { ModelSpec } from '../../src/model/spec.ts';

export const ENGINE_NAMES = ['inkling', 'tfjs_webgpu', 'tfjs_webgl', 'jaxjs_webgpu', 'jaxjs_wasm'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];
/** The peers: every engine but Inkling, each compared with it. */
export type PeerName = Exclude<EngineName, 'inkling'>;
export const PEER_NAMES = ENGINE_NAMES.filter((n): n is PeerName => n !== 'inkling');

export interface BenchConfig {
  runtime: 'browser' | 'node';
  /** The model Inkling trains: a preset's spec or a --spec file's. The peers build a few (PEER_BUILDS). */
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

/** The models a peer can build, each a preset: a --spec file with the same layers counts as it. */
export const PEER_MODELS = ['cnn', 'rnn'] as const;
export type PeerModel = (typeof PEER_MODELS)[number];

/** Which peer builds which: jax-js's model is the seed cnn written out by hand (jaxjs-model.ts). */
export const PEER_BUILDS: Record<PeerName, readonly PeerModel[]> = {
  tfjs_webgpu: ['cnn', 'rnn'],
  tfjs_webgl: ['cnn', 'rnn'],
  jaxjs_webgpu: ['cnn'],
  jaxjs_wasm: ['cnn'],
};

/** PEER_BUILDS in words, for the messages that drop an engine. */
export const PEER_REACH = 'TF.js builds the cnn and rnn presets, jax-js the seed cnn alone';

/** The peer model whose layers the model has, if any. */
export function peerModel(model: ModelSpec): PeerModel | undefined {
  return PEER_MODELS.find((name) => sameValue(model.layers, preset(name).layers));
}

/** Whether the engine can train the model: Inkling any, a peer those of PEER_BUILDS. */
export function builds(engine: EngineName, model: ModelSpec): boolean {
  if (engine === 'inkling') return true;
  const name = peerModel(model);
  return name !== undefined && PEER_BUILDS[engine].includes(name);
}

/** Samples per engine per round when --steps is not given: a software rasteriser does ~100/s. */
const AUTO_SAMPLES = { software: 128, hardware: 25_600 };

export function stepsPerRound(config: Pick<BenchConfig, 'steps'>, batch: number, software: boolean): number {
  if (config.steps > 0) return config.steps;
  return Math.max(1, Math.round((software ? AUTO_SAMPLES.software : AUTO_SAMPLES.hardware) / batch));
}
