// The `pytorch_cpu` peer: native PyTorch on the CPU (peers/torch_cpu.py, run by Debian's
// python3 with python3-torch), a child process of the CLI after the page's run, on the threads
// Inkling's CPU engine got there. Where python3 or torch is missing it is skipped with the reason.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { peerModel, type BenchConfig } from './config.ts';
import type { Measured } from './measure.ts';
import { spread } from './stats.ts';

/** Debian's python3, whose dist-packages hold python3-torch; INKLING_PYTHON names another. */
export const PYTHON = process.env.INKLING_PYTHON ?? '/usr/bin/python3';
const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), 'peers/torch_cpu.py');

interface TorchBatch {
  batch: number;
  steps_per_round: number;
  round_ms: number[];
  steps_trained: number;
  accuracy: number;
  inference_ms: number[];
}

export interface TorchOutput {
  torch: string;
  threads: number;
  blas: string;
  batches: TorchBatch[];
}

/** The harness's command line for this run's model, batches, rounds and threads. */
export function torchArgs(config: BenchConfig, threads: number, dataDir: string): string[] {
  const model = peerModel(config.model);
  if (!model) throw new Error(`PyTorch builds the cnn and rnn presets, not model ${config.model.name}`);
  return [
    SCRIPT,
    ...['--data', dataDir, '--model', model, '--batches', config.batches.join(','), '--rounds', String(config.rounds)],
    ...['--steps', String(config.steps), '--warmup', String(config.warmup), '--eval', String(config.evalLimit)],
    ...['--threads', String(threads), '--seed', String(config.seed)],
  ];
}

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** The harness's JSON line: its figures, or why it skipped. Anything else is refused, naming what is wrong. */
export function parseTorchOutput(line: string): TorchOutput | { skipped: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new Error(`the PyTorch harness printed no JSON line: "${line.slice(0, 200)}"`);
  }
  const o = raw as Partial<TorchOutput> & { skipped?: unknown };
  if (typeof o.skipped === 'string') return { skipped: o.skipped };
  if (typeof o.torch !== 'string' || typeof o.threads !== 'number' || typeof o.blas !== 'string' || !Array.isArray(o.batches)) {
    throw new Error(`the PyTorch harness's line lacks torch, threads, blas or batches: ${line.slice(0, 200)}`);
  }
  for (const b of o.batches as Partial<TorchBatch>[]) {
    const bad = (['batch', 'steps_per_round', 'steps_trained', 'accuracy'] as const).find((k) => typeof b[k] !== 'number');
    if (bad || !isNumbers(b.round_ms) || !isNumbers(b.inference_ms)) {
      throw new Error(`the PyTorch harness's batch ${String(b.batch)} lacks ${bad ?? 'round_ms or inference_ms'}`);
    }
  }
  return o as TorchOutput;
}

/** One Measured per batch size, as the page's engines give theirs. */
export function torchMeasured(out: TorchOutput): Measured[] {
  const adapter = `PyTorch ${out.torch} eager on the CPU, ${out.threads} thread${out.threads === 1 ? '' : 's'}, BLAS ${basename(dirname(out.blas))}/${basename(out.blas)}`;
  return out.batches.map((b) => ({
    engine: 'pytorch_cpu',
    adapter,
    threads: out.threads,
    batch: b.batch,
    stepsPerRound: b.steps_per_round,
    roundMs: b.round_ms,
    stepsTrained: b.steps_trained,
    accuracy: b.accuracy,
    inferenceMs: spread(b.inference_ms),
  }));
}

/** Runs the harness; its progress goes to `log`. Resolves to the rounds, or to why it was skipped. */
export async function runPytorchCpu(
  config: BenchConfig,
  threads: number,
  dataDir: string,
  log: (line: string) => void,
): Promise<Measured[] | { skipped: string }> {
  if (!existsSync(PYTHON)) return { skipped: `no ${PYTHON} (Debian's python3, with python3-torch and libopenblas0-pthread)` };
  const child = spawn(PYTHON, torchArgs(config, threads, dataDir), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  log(`pytorch_cpu: ${PYTHON} ${basename(SCRIPT)} on ${threads} thread${threads === 1 ? '' : 's'}`);
  const code = await new Promise<number | null>((ok, fail) => {
    child.on('error', fail);
    child.on('exit', ok);
  });
  if (code !== 0) throw new Error(`the PyTorch harness exited with code ${String(code)}: ${stderr.trim().slice(-500)}`);
  const out = parseTorchOutput(stdout.trim().split('\n').pop() ?? '');
  return 'skipped' in out ? out : torchMeasured(out);
}
