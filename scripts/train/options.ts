// `npm run train` flags. Bad values are refused with a message naming the flag.
import { parseArgs } from 'node:util';
import { validateConfig } from '../../src/gpu/validate.ts';
import { DEFAULT_SCHEDULE, type TrainConfig } from '../../src/worker/protocol.ts';

export interface TrainOptions {
  /** With `steps` set by --steps: the run, and its learning-rate schedule, end there. */
  config: TrainConfig;
  json: boolean;
  runtime: 'chromium' | 'node';
  /** Write <save>.json and <save>.bin (the app's pretrained-model format). */
  save: string | null;
  /** Evaluate on the first N test images (default: all 10,000). */
  testLimit: number;
}

export const USAGE = `usage: npm run train -- [--model mlp|cnn|cnn-deep] [--epochs N] [--steps N] [--batch N]
  [--lr X] [--optimizer adam|sgd] [--schedule constant|cosine|anneal] [--augment] [--seed N] [--json] [--runtime chromium|node] [--save PATH] [--test-limit N]`;

function int(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`--${flag} must be a whole number, got "${value}"`);
  return n;
}

export function parseTrainOptions(argv: string[]): TrainOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      model: { type: 'string', default: 'cnn' },
      epochs: { type: 'string' },
      steps: { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      optimizer: { type: 'string', default: 'adam' },
      schedule: { type: 'string', default: DEFAULT_SCHEDULE },
      augment: { type: 'boolean', default: false },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      runtime: { type: 'string', default: 'chromium' },
      save: { type: 'string' },
      'test-limit': { type: 'string' },
    },
  });
  const lr = values.lr === undefined ? 1e-3 : Number(values.lr);
  if (values.lr !== undefined && (values.lr.trim() === '' || Number.isNaN(lr))) throw new Error(`--lr must be a number, got "${values.lr}"`);
  const config = {
    model: values.model,
    optimizer: values.optimizer,
    learningRate: lr,
    batchSize: int('batch', values.batch, 64),
    epochs: int('epochs', values.epochs, 1),
    seed: int('seed', values.seed, 1),
    schedule: values.schedule,
    augment: values.augment,
    ...(values.steps === undefined ? {} : { steps: int('steps', values.steps, 0) }),
  } as TrainConfig;
  validateConfig(config, 60000);
  if (values.runtime !== 'chromium' && values.runtime !== 'node') throw new Error(`--runtime must be chromium or node, got "${values.runtime}"`);
  const testLimit = int('test-limit', values['test-limit'], 10000);
  if (testLimit < 1 || testLimit > 10000) throw new Error(`--test-limit must be from 1 to 10000, got ${testLimit}`);
  return { config, json: values.json, runtime: values.runtime, save: values.save ?? null, testLimit };
}
