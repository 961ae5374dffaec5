// `npm run bench` flags, parsed into the run's BenchConfig (config.ts). Node only: --spec reads
// a file, so the page imports config.ts and never this.
import { availableParallelism } from 'node:os';
import { buildGraph } from '../../src/model/graph.ts';
import { PRESET_NAMES } from '../../src/model/presets.ts';
import { readModelArg } from '../lib/model-arg.ts';
import { builds, DEFAULT_CONFIG, ENGINE_NAMES, PEER_REACH, type BenchConfig, type EngineName } from './config.ts';

export interface CliOptions extends BenchConfig {
  json: boolean;
  port: number;
  /** Where the Node runtime reads MNIST from (public/data by default). */
  data?: string;
  /** What parsing changed unasked (an engine dropped that cannot build the model), for the CLI to print. */
  notes: string[];
}

/** The most threads --threads takes (as npm run train's). */
const MAX_THREADS = 64;

export const DEFAULTS: CliOptions = { ...DEFAULT_CONFIG, threads: availableParallelism(), json: false, port: 0, notes: [] };

/** Engines the Node runtime has no place for: WebGL, jax-js (the page's), and the CPU engines (the browser run's). */
const NOT_IN_NODE: readonly EngineName[] = ['tfjs_webgl', 'jaxjs_webgpu', 'jaxjs_wasm', 'inkling_wasm', 'pytorch_cpu'];

function positiveInt(flag: string, value: string | undefined, min = 1): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min) {
    throw new Error(`${flag} wants an integer ≥ ${min}, got ${value === undefined ? 'nothing' : `"${value}"`}`);
  }
  return n;
}

/** Names as the JSON keys them (tfjs_webgpu) or with a hyphen (jaxjs-wasm). */
function engineList(value: string | undefined): EngineName[] {
  const names = (value ?? '')
    .split(',')
    .filter(Boolean)
    .map((n) => n.replace(/-/g, '_'));
  const bad = names.find((n) => !(ENGINE_NAMES as readonly string[]).includes(n));
  if (names.length === 0 || bad !== undefined) {
    throw new Error(`--engines wants a comma-separated list of ${ENGINE_NAMES.join(', ')}, got "${value ?? ''}"`);
  }
  return names as EngineName[];
}

export const USAGE = `npm run bench -- [options]
  --runtime browser|node   headless Chromium (default) or Node with Dawn (npm webgpu)
  --model NAME             a preset: ${PRESET_NAMES.join(', ')} (default cnn)
  --spec FILE.json         a model spec file instead of a preset; TF.js builds the cnn and
                           rnn presets, jax-js the cnn alone, so other models run Inkling
                           alone, e.g. for --profile
  --batch 64,256           batch sizes
  --rounds N               timed rounds per engine (default 3), alternating order
  --steps N                steps per engine per round (default: 128 samples a round on a
                           software adapter, 25,600 on a real GPU)
  --warmup N               untimed steps before the rounds (default 1)
  --engines a,b            of ${ENGINE_NAMES.join(', ')} (or with -);
                           inkling_wasm is Inkling's CPU engine (WebAssembly SIMD) in the page,
                           pytorch_cpu native PyTorch run by Debian's python3 (skipped where
                           python3-torch is not installed)
  --threads N              threads of inkling_wasm and pytorch_cpu (default: the cores, ${DEFAULTS.threads} here)
  --eval N                 test images for the accuracy check (default 1000)
  --seed N                 shuffle and init seed (default 1)
  --profile                per-kernel GPU time of one Inkling step (timestamp-query); with
                           inkling_wasm, each CPU kernel's time and GFLOP/s and the SIMD peak
  --kernels                GPU time and GFLOP/s of each layer's dispatches, forward and
                           backward, as the training step runs them, per batch size, and
                           each dispatch's plan (variant, shader:entry, grid)
  --json                   print one JSON line instead of the table
  --port N                 dev-server port (default: any free one)
  --data DIR               MNIST .gz directory for --runtime node (default public/data)
  --help                   this text`;

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { ...DEFAULTS, engines: [...DEFAULTS.engines], batches: [...DEFAULTS.batches], notes: [] };
  let enginesGiven = false;
  let modelName: string | undefined;
  let specPath: string | undefined;
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
      case '--model':
        modelName = next() ?? '';
        break;
      case '--spec':
        specPath = next() ?? '';
        break;
      case '--batch':
      case '--batches':
        o.batches = (next() ?? '').split(',').map((b) => positiveInt(flag, b));
        break;
      case '--rounds':
        o.rounds = positiveInt(flag, next());
        break;
      case '--steps':
        o.steps = positiveInt(flag, next());
        break;
      case '--warmup':
        o.warmup = positiveInt(flag, next(), 0);
        break;
      case '--eval':
        o.evalLimit = positiveInt(flag, next());
        break;
      case '--seed':
        o.seed = positiveInt(flag, next(), 0);
        break;
      case '--port':
        o.port = positiveInt(flag, next(), 0);
        break;
      case '--threads':
        o.threads = positiveInt(flag, next());
        if (o.threads > MAX_THREADS) throw new Error(`--threads wants at most ${MAX_THREADS}, got ${o.threads}`);
        break;
      case '--data':
        o.data = next();
        break;
      case '--engines':
        o.engines = engineList(next());
        enginesGiven = true;
        break;
      case '--profile':
        o.profile = true;
        break;
      case '--kernels':
        o.kernels = true;
        break;
      case '--json':
        o.json = true;
        break;
      default:
        throw new Error(`unknown option "${flag}"\n${USAGE}`);
    }
  }
  // Node has no WebGL, and the bench runs jax-js and the CPU engines in the browser run only.
  if (o.runtime === 'node') {
    if (enginesGiven && o.engines.includes('tfjs_webgl')) throw new Error('--runtime node has no WebGL: drop tfjs_webgl from --engines');
    const jax = o.engines.filter((e) => e.startsWith('jaxjs_'));
    if (enginesGiven && jax.length > 0) throw new Error(`--runtime node runs jax-js in no page: drop ${jax.join(', ')} from --engines`);
    const cpu = o.engines.filter((e) => e === 'inkling_wasm' || e === 'pytorch_cpu');
    if (enginesGiven && cpu.length > 0) throw new Error(`--runtime node is the GPU machine's run: drop ${cpu.join(', ')} from --engines`);
    o.engines = o.engines.filter((e) => !NOT_IN_NODE.includes(e));
  }
  o.model = readModelArg(modelName, specPath);
  // Shapes are checked here, before a browser starts.
  try {
    buildGraph(o.model);
  } catch (e) {
    throw new Error(`${specPath === undefined ? `--model ${o.model.name}` : `--spec ${specPath}`}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const unable = o.engines.filter((e) => !builds(e, o.model));
  if (unable.length > 0) {
    if (enginesGiven) throw new Error(`${PEER_REACH}: drop ${unable.join(', ')} from --engines for model ${o.model.name}`);
    o.engines = o.engines.filter((e) => builds(e, o.model));
    o.notes.push(`${PEER_REACH}: model ${o.model.name} runs on ${o.engines.join(', ')}`);
  }
  return o;
}

export function benchConfig(o: CliOptions): BenchConfig {
  const { runtime, model, engines, batches, rounds, steps, warmup, evalLimit, seed, profile, kernels, threads } = o;
  return { runtime, model, engines, batches, rounds, steps, warmup, evalLimit, seed, profile, kernels, threads };
}
