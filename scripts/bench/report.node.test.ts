import { describe, expect, it } from 'vitest';
import type { Measured } from './measure.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { batchFigures, formatTable, jsonLine, summarize } from './report.ts';

const inference = { median: 2, min: 1, max: 3 };
const m = (engine: Measured['engine'], batch: number, roundMs: number[], adapter = 'SwiftShader Device (Google)'): Measured => ({
  engine,
  adapter,
  batch,
  stepsPerRound: 2,
  roundMs,
  stepsTrained: 7,
  accuracy: 0.5,
  inferenceMs: inference,
});

describe('batchFigures', () => {
  it('derives samples/s per round, ms per step and GFLOP/s from the median', () => {
    // 2 steps × 64 samples in 1000, 500, 2000 ms → 128, 256, 64 samples/s
    const f = batchFigures(m('inkling', 64, [1000, 500, 2000]), 5e6);
    expect(f.samples_per_s).toEqual({ median: 128, min: 64, max: 256 });
    expect(f.ms_per_step).toBe(500);
    expect(f.gflop_per_s).toBeCloseTo(0.64, 10);
  });
});

describe('summarize', () => {
  const config = DEFAULT_CONFIG;
  const r = summarize(
    [m('inkling', 64, [1000]), m('tfjs_webgpu', 64, [5000]), m('tfjs_webgl', 64, [2000]), m('inkling', 256, [4000]), m('tfjs_webgpu', 256, [8000])],
    { model: 'cnn', flopPerSample: 4_939_776, config },
  );

  it('reports Inkling over each TF.js backend per batch size', () => {
    expect(r.ratio_vs_tfjs_webgpu).toEqual({ 64: 5, 256: 2 });
    expect(r.ratio_vs_tfjs_webgl).toEqual({ 64: 2 });
  });

  it('puts the three engines and both ratios first in the JSON line', () => {
    const keys = Object.keys(JSON.parse(jsonLine(r)) as object);
    expect(keys.slice(0, 5)).toEqual(['inkling', 'tfjs_webgpu', 'tfjs_webgl', 'ratio_vs_tfjs_webgpu', 'ratio_vs_tfjs_webgl']);
    expect(jsonLine(r)).not.toContain('\n');
  });

  it('prints a row per engine and batch, the ceiling and the targets on SwiftShader', () => {
    const t = formatTable(r);
    expect(t.split('\n').filter((l) => /^(Inkling|TF\.js)/.test(l) && /\d+\.\d/.test(l))).toHaveLength(5);
    expect(t).toContain('≥5× TF.js WebGPU: 5.00× met');
    expect(t).toContain('≥1× TF.js WebGL: 2.00× met');
    expect(t).toMatch(/Inkling reached \d+% of it/);
  });

  it('sets Inkling on a real GPU against the H200 PyTorch reference, and not on SwiftShader', () => {
    const gpu = summarize([m('inkling', 64, [1], 'NVIDIA H200')], { model: 'cnn', flopPerSample: 1, config });
    // 128 samples in 1 ms = 128,000 samples/s against 36,700
    expect(formatTable(gpu)).toContain('batch 64: Inkling is 3.49× PyTorch eager');
    expect(formatTable(r)).not.toContain('PyTorch');
  });

  it('leaves out what was not measured', () => {
    const only = summarize([m('tfjs_webgpu', 64, [1000])], { model: 'cnn', flopPerSample: 1, config });
    expect(only.inkling).toBeUndefined();
    expect(only.ratio_vs_tfjs_webgpu).toBeUndefined();
    expect(formatTable(only)).not.toContain('target');
  });
});

describe('the --kernels table', () => {
  it('prints each layer pass with its kind and shapes, and GFLOP/s only where FLOPs are counted', () => {
    const r = summarize([m('inkling', 64, [1000])], { model: 'cnn-bn', flopPerSample: 1, config: DEFAULT_CONFIG });
    r.kernels = [
      { kernel: 'bn1 forward', kind: 'batchnorm', batch: 64, shape: '64×32×28×28 → 32×28×28', ms: 2, dispatches: 2, gflop_per_s: 0.4 },
      { kernel: 'adam', kind: 'step', batch: 64, shape: 'batch 64', ms: 1, dispatches: 1, gflop_per_s: null },
    ];
    const lines = formatTable(r).split('\n');
    expect(lines.find((l) => l.includes('bn1 forward'))).toMatch(/batchnorm\s+64×32×28×28 → 32×28×28\s+2\.000 ms\s+×2\s+0\.400 GFLOP\/s$/);
    expect(lines.find((l) => l.includes('adam'))).toMatch(/1\.000 ms\s+×1$/);
  });
});
