// Benchmark settings: parsed from the command line, passed to the page as one query parameter,
// and echoed in the JSON so a figure always travels with what produced it.

import { MODEL_NAMES, type ModelName } from '../../src/worker/protocol.ts';

export const ENGINE_NAMES = ['inkling', 'tfjs_webgpu', 'tfjs_webgl'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface BenchConfig {
  runtime: 'browser' | 'node';
  /** The model Inkling trains. TF.js builds only the seed cnn, so other models are Inkling-only. */
  model: ModelName;
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

export interface CliOptions extends BenchConfig {
  json: boolean;
  port: number;
  /** Where the Node runtime reads MNIST from (public/data by default). */
  data?: string;
}

export const DEFAULTS: CliOptions = {
  runtime: 'browser',
  model: 'cnn',
  engines: [...ENGINE_NAMES],
  batches: [64, 256],
  rounds: 3,
  steps: 0,
  warmup: 1,
  evalLimit: 1000,
  seed: 1,
  profile: false,
  kernels: false,
  json: false,
  port: 0,
};

/** Samples per engine per round when --steps is not given: a software rasteriser does ~100/s. */
const AUTO_SAMPLES = { software: 128, hardware: 25_600 };

export function stepsPerRound(config: Pick<BenchConfig, 'steps'>, batch: number, software: boolean): number {
  if (config.steps > 0) return config.steps;
  return Math.max(1, Math.round((software ? AUTO_SAMPLES.software : AUTO_SAMPLES.hardware) / batch));
}

function positiveInt(flag: string, value: string | undefined, min = 1): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min) {
    throw new Error(`${flag} wants an integer ≥ ${min}, got ${value === undefined ? 'nothing' : `"${value}"`}`);
  }
  return n;
}

function engineList(value: string | undefined): EngineName[] {
  const names = (value ?? '').split(',').filter(Boolean);
  const bad = names.find((n) => !(ENGINE_NAMES as readonly string[]).includes(n));
  if (names.length === 0 || bad !== undefined) {
    throw new Error(`--engines wants a comma-separated list of ${ENGINE_NAMES.join(', ')}, got "${value ?? ''}"`);
  }
  return names as EngineName[];
}

export const USAGE = `npm run bench -- [options]
  --runtime browser|node   headless Chromium (default) or Node with Dawn (npm webgpu)
  --model cnn|mlp|cnn-deep the model (default cnn; TF.js builds only cnn, so the others
                           run Inkling alone, e.g. for --profile)
  --batch 64,256           batch sizes
  --rounds N               timed rounds per engine (default 3), alternating order
  --steps N                steps per engine per round (default: 128 samples a round on a
                           software adapter, 25,600 on a real GPU)
  --warmup N               untimed steps before the rounds (default 1)
  --engines a,b            of ${ENGINE_NAMES.join(', ')}
  --eval N                 test images for the accuracy check (default 1000)
  --seed N                 shuffle and init seed (default 1)
  --profile                per-kernel GPU time of one Inkling step (timestamp-query)
  --kernels                kernel micro-benchmarks (matmul, conv2d at the model's shapes)
  --json                   print one JSON line instead of the table
  --port N                 dev-server port (default: any free one)
  --data DIR               MNIST .gz directory for --runtime node (default public/data)`;

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { ...DEFAULTS, engines: [...DEFAULTS.engines], batches: [...DEFAULTS.batches] };
  let enginesGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = () => argv[++i];
    switch (flag) {
      case '--runtime': {
        const v = next();
        if (v !== 'browser' && v !== 'node') throw new Error(`--runtime wants browser or node, got "${v ?? ''}"`);
        o.runtime = v;
        break;
      }
      case '--model': {
        const v = next();
        if (!(MODEL_NAMES as readonly string[]).includes(v ?? '')) throw new Error(`--model wants one of ${MODEL_NAMES.join(', ')}, got "${v ?? ''}"`);
        o.model = v as ModelName;
        break;
      }
      case '--batch':
      case '--batches':
        o.batches = (next() ?? '').split(',').map((b) => positiveInt(flag, b));
        break;
      case '--rounds': o.rounds = positiveInt(flag, next()); break;
      case '--steps': o.steps = positiveInt(flag, next()); break;
      case '--warmup': o.warmup = positiveInt(flag, next(), 0); break;
      case '--eval': o.evalLimit = positiveInt(flag, next()); break;
      case '--seed': o.seed = positiveInt(flag, next(), 0); break;
      case '--port': o.port = positiveInt(flag, next(), 0); break;
      case '--data': o.data = next(); break;
      case '--engines': o.engines = engineList(next()); enginesGiven = true; break;
      case '--profile': o.profile = true; break;
      case '--kernels': o.kernels = true; break;
      case '--json': o.json = true; break;
      default:
        throw new Error(`unknown option "${flag}"\n${USAGE}`);
    }
  }
  // Node has no WebGL.
  if (o.runtime === 'node') {
    if (enginesGiven && o.engines.includes('tfjs_webgl')) throw new Error('--runtime node has no WebGL: drop tfjs_webgl from --engines');
    o.engines = o.engines.filter((e) => e !== 'tfjs_webgl');
  }
  if (o.model !== 'cnn') {
    const tfjs = o.engines.filter((e) => e !== 'inkling');
    if (enginesGiven && tfjs.length > 0) throw new Error(`TF.js builds only the seed cnn: drop ${tfjs.join(', ')} from --engines for --model ${o.model}`);
    o.engines = ['inkling'];
  }
  return o;
}

export function benchConfig(o: CliOptions): BenchConfig {
  const { runtime, model, engines, batches, rounds, steps, warmup, evalLimit, seed, profile, kernels } = o;
  return { runtime, model, engines, batches, rounds, steps, warmup, evalLimit, seed, profile, kernels };
}
