// The pytorch_cpu peer: its command line from the bench's config, its JSON line read or refused
// with the problem named, and (where Debian's python3-torch is installed) the real harness run
// for one step, its line read as the CLI reads it. Nothing here is timed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { preset } from '../../src/model/presets.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { parseTorchOutput, PYTHON, torchArgs, torchMeasured } from './pytorch-cpu.ts';

const config = { ...DEFAULT_CONFIG, batches: [64, 256], rounds: 5, steps: 4, warmup: 2, evalLimit: 200, seed: 3 };
const batch = { batch: 64, steps_per_round: 4, round_ms: [100, 200, 400], steps_trained: 14, accuracy: 0.9, inference_ms: [1, 2, 3] };
const line = { torch: '1.13.0', threads: 2, blas: '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3', batches: [batch] };

const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;

describe('pytorch_cpu', () => {
  it("passes the run's model, batches, rounds, steps, warm-up, test images, threads and seed", () => {
    const args = torchArgs(config, 2, '/data');
    expect(args[0]).toMatch(/scripts\/bench\/peers\/torch_cpu\.py$/);
    expect(args.slice(1).join(' ')).toBe('--data /data --model cnn --batches 64,256 --rounds 5 --steps 4 --warmup 2 --eval 200 --threads 2 --seed 3');
    expect(torchArgs({ ...config, model: preset('rnn') }, 1, '/data')).toContain('rnn');
    expect(() => torchArgs({ ...config, model: preset('cnn-bn') }, 1, '/data')).toThrow(/PyTorch builds the cnn and rnn presets, not model cnn-bn/);
  });

  it('reads the figures as the page engines give theirs', () => {
    const [m] = torchMeasured(parseTorchOutput(JSON.stringify(line)) as typeof line);
    expect(m).toEqual({
      engine: 'pytorch_cpu',
      adapter: 'PyTorch 1.13.0 eager on the CPU, 2 threads, BLAS openblas-pthread/libblas.so.3',
      threads: 2,
      batch: 64,
      stepsPerRound: 4,
      roundMs: [100, 200, 400],
      stepsTrained: 14,
      accuracy: 0.9,
      inferenceMs: { median: 2, min: 1, max: 3 },
    });
  });

  it("passes on the harness's reason for skipping, and refuses a broken line naming what is wrong", () => {
    expect(parseTorchOutput('{"skipped": "no torch"}')).toEqual({ skipped: 'no torch' });
    expect(() => parseTorchOutput('Traceback (most recent call last)')).toThrow(/printed no JSON line: "Traceback/);
    expect(() => parseTorchOutput(JSON.stringify({ ...line, blas: undefined }))).toThrow(/lacks torch, threads, blas or batches/);
    expect(() => parseTorchOutput(JSON.stringify({ ...line, batches: [{ ...batch, accuracy: 'high' }] }))).toThrow(/batch 64 lacks accuracy/);
    expect(() => parseTorchOutput(JSON.stringify({ ...line, batches: [{ ...batch, round_ms: [] }] }))).toThrow(/batch 64 lacks round_ms or inference_ms/);
  });

  it.skipIf(!existsSync(PYTHON))('the harness says why it skips where torch cannot be imported', () => {
    // -S: no site directories, so neither numpy nor torch is on the path.
    const run = spawnSync(PYTHON, ['-S', ...torchArgs(config, 1, 'public/data')], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(parseTorchOutput(run.stdout.trim())).toEqual({
      skipped: expect.stringMatching(/cannot import numpy and torch .*apt-get install python3-torch libopenblas0-pthread/) as string,
    });
  });

  it.skipIf(!hasTorch)(
    'the real harness trains the seed cnn and prints a line the CLI reads',
    () => {
      const run = spawnSync(PYTHON, torchArgs({ ...config, batches: [8], rounds: 2, steps: 1, warmup: 1, evalLimit: 20 }, 1, 'public/data'), {
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      const out = parseTorchOutput(run.stdout.trim());
      if ('skipped' in out) throw new Error(out.skipped);
      const [m] = torchMeasured(out);
      expect(m).toMatchObject({ engine: 'pytorch_cpu', threads: 1, batch: 8, stepsPerRound: 1, stepsTrained: 3 });
      expect(m.roundMs).toHaveLength(2);
      expect(m.accuracy).toBeGreaterThanOrEqual(0);
      expect(m.accuracy).toBeLessThanOrEqual(1);
    },
    180_000,
  );
});
