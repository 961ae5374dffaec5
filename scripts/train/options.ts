// `npm run train` flags. Bad values are refused with a message naming the flag.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { NamedTensors } from '../../src/model/graph.ts';
import { decodeModelFile, type Provenance } from '../../src/model/weights-file.ts';
import { DEFAULT_TRAINING, SCHEDULE_NAMES, validateConfig, type TrainConfig } from '../../src/model/config.ts';
import { PRESET_NAMES } from '../../src/model/presets.ts';
import { availableParallelism } from 'node:os';
import { readModelArg } from '../lib/model-arg.ts';
import type { TrainBackend } from './run-training.ts';

export interface TrainOptions {
  /** With `steps` set by --steps: the run, and its learning-rate schedule, end there. */
  config: TrainConfig;
  json: boolean;
  /** Where the WebGPU engine runs (--backend webgpu). */
  runtime: 'chromium' | 'node';
  /** The GPU engine (default) or the CPU engine, which runs in Node alone. */
  backend: TrainBackend;
  /** The CPU engine's threads (default: the cores). */
  threads: number;
  /** Write <save>.safetensors (the model file format the app imports and ships its reader in). */
  save: string | null;
  /** Evaluate on the first N test images (default: all 10,000). */
  testLimit: number;
  /** --init FILE: the model file training starts from (its network, weights and provenance). */
  init: { path: string; weights: NamedTensors; provenance: Provenance } | null;
}

export const USAGE = `usage: npm run train -- [--model ${PRESET_NAMES.join('|')} | --spec FILE.json | --init FILE.safetensors] [--epochs N] [--steps N] [--batch N]
  [--lr X] [--optimizer adam|sgd] [--schedule ${SCHEDULE_NAMES.join('|')}] [--augment] [--rotate DEGREES] [--zoom F] [--label-smoothing F] [--seed N] [--json]
  [--backend webgpu|wasm] [--runtime chromium|node] [--threads N] [--save PATH] [--test-limit N]`;

/** The most threads --threads takes. */
const MAX_THREADS = 64;

function int(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`--${flag} must be a whole number, got "${value}"`);
  return n;
}

function num(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n)) throw new Error(`--${flag} must be a number, got "${value}"`);
  return n;
}

export function parseTrainOptions(argv: string[]): TrainOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      model: { type: 'string' },
      spec: { type: 'string' },
      epochs: { type: 'string' },
      steps: { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      optimizer: { type: 'string', default: 'adam' },
      schedule: { type: 'string', default: DEFAULT_TRAINING.schedule },
      augment: { type: 'boolean', default: false },
      rotate: { type: 'string' },
      zoom: { type: 'string' },
      'label-smoothing': { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      runtime: { type: 'string', default: 'chromium' },
      backend: { type: 'string', default: 'webgpu' },
      threads: { type: 'string' },
      save: { type: 'string' },
      'test-limit': { type: 'string' },
      init: { type: 'string' },
    },
  });
  const init = values.init === undefined ? null : readInit(values.init, values.model ?? values.spec);
  const lr = num('lr', values.lr) ?? DEFAULT_TRAINING.learningRate;
  const rotate = num('rotate', values.rotate);
  const zoom = num('zoom', values.zoom);
  const labelSmoothing = num('label-smoothing', values['label-smoothing']);
  const config = {
    model: init ? init.spec : readModelArg(values.model, values.spec),
    optimizer: values.optimizer,
    learningRate: lr,
    batchSize: int('batch', values.batch, DEFAULT_TRAINING.batchSize),
    epochs: int('epochs', values.epochs, DEFAULT_TRAINING.epochs),
    seed: int('seed', values.seed, DEFAULT_TRAINING.seed),
    schedule: values.schedule,
    augment: values.augment,
    ...(rotate === undefined ? {} : { rotate }),
    ...(zoom === undefined ? {} : { zoom }),
    ...(labelSmoothing === undefined ? {} : { labelSmoothing }),
    ...(values.steps === undefined ? {} : { steps: int('steps', values.steps, 0) }),
  } as TrainConfig;
  const checked = validateConfig(config, 60000);
  if (values.runtime !== 'chromium' && values.runtime !== 'node') throw new Error(`--runtime must be chromium or node, got "${values.runtime}"`);
  if (values.backend !== 'webgpu' && values.backend !== 'wasm') throw new Error(`--backend must be webgpu or wasm, got "${values.backend}"`);
  const threads = int('threads', values.threads, availableParallelism());
  if (threads < 1 || threads > MAX_THREADS) throw new Error(`--threads must be from 1 to ${MAX_THREADS}, got ${threads}`);
  if (values.threads !== undefined && values.backend !== 'wasm') throw new Error('--threads is for the CPU engine: add --backend wasm');
  const testLimit = int('test-limit', values['test-limit'], 10000);
  if (testLimit < 1 || testLimit > 10000) throw new Error(`--test-limit must be from 1 to 10000, got ${testLimit}`);
  return {
    config: checked,
    json: values.json,
    runtime: values.runtime,
    backend: values.backend,
    threads,
    save: values.save ?? null,
    testLimit,
    init: init && { path: values.init!, weights: init.weights, provenance: init.provenance },
  };
}

/** The model file --init names, checked as the app checks an import; it brings its own network. */
function readInit(path: string, model: string | undefined) {
  if (model !== undefined) throw new Error('--init brings its own network: give --init or --model/--spec, not both');
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`--init ${path}: cannot read it (${e instanceof Error ? e.message : String(e)})`);
  }
  const { meta, weights } = decodeModelFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, path);
  return { spec: meta.spec, weights, provenance: meta.provenance };
}
