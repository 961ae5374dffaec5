// What a benchmark run measures: built by the CLI (options.ts), passed to the page as one query
// parameter, and echoed in the JSON so a figure always travels with what produced it. This
// module runs in the page too, so it reads no files (options.ts does).
import { preset, sameValue } from '../../src/model/presets.ts';
import type { ModelSpec } from '../../src/model/spec.ts';

export const ENGINE_NAMES = ['inkling', 'inkling_wasm', 'tfjs_webgpu', 'tfjs_webgl', 'jaxjs_webgpu', 'jaxjs_wasm', 'pytorch_cpu'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];
/** Inkling's engines: the GPU one (WebGPU) and the CPU one (WebAssembly SIMD). */
export type InklingName = 'inkling' | 'inkling_wasm';
/** The peers: every engine but Inkling's, each compared with Inkling's GPU engine (`ratio_vs_<peer>`). */
export type PeerName = Exclude<EngineName, InklingName>;
export const PEER_NAMES = ENGINE_NAMES.filter((n): n is PeerName => n !== 'inkling' && n !== 'inkling_wasm');
/** What the CPU engine is compared with (`ratio_wasm_vs_<engine>`): the CPU peers, and Inkling's GPU engine. */
export const WASM_RIVALS = ['jaxjs_wasm', 'pytorch_cpu', 'inkling'] as const;
export type WasmRival = (typeof WASM_RIVALS)[number];
/** Engines run outside the page, as a child process of the CLI: native PyTorch. */
export const NATIVE_ENGINES: readonly EngineName[] = ['pytorch_cpu'];
/** Engines that run on the CPU: they get `threads` threads. */
export const CPU_ENGINES: readonly EngineName[] = ['inkling_wasm', 'jaxjs_wasm', 'pytorch_cpu'];

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
  /** Threads of the CPU engine and of native PyTorch (jax-js's wasm device picks its own). */
  threads: number;
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
  threads: 1,
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
  pytorch_cpu: ['cnn', 'rnn'],
};

/** PEER_BUILDS in words, for the messages that drop an engine. */
export const PEER_REACH = 'TF.js and PyTorch build the cnn and rnn presets, jax-js the seed cnn alone';

/** The peer model whose layers the model has, if any. */
export function peerModel(model: ModelSpec): PeerModel | undefined {
  return PEER_MODELS.find((name) => sameValue(model.layers, preset(name).layers));
}

/** Whether the engine can train the model: Inkling's any, a peer those of PEER_BUILDS. */
export function builds(engine: EngineName, model: ModelSpec): boolean {
  if (engine === 'inkling' || engine === 'inkling_wasm') return true;
  const name = peerModel(model);
  return name !== undefined && PEER_BUILDS[engine].includes(name);
}

/** Samples per engine per round when --steps is not given: a software rasteriser does ~100/s. */
const AUTO_SAMPLES = { software: 128, hardware: 25_600 };

export function stepsPerRound(config: Pick<BenchConfig, 'steps'>, batch: number, software: boolean): number {
  if (config.steps > 0) return config.steps;
  return Math.max(1, Math.round((software ? AUTO_SAMPLES.software : AUTO_SAMPLES.hardware) / batch));
}
