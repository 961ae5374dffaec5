import { describe, expect, it } from 'vitest';
import type { Measured } from './measure.ts';
import { preset } from '../../src/model/presets.ts';
import { DEFAULT_CONFIG } from './config.ts';
import type { HostFigures } from './host.ts';
import { batchFigures, formatTable, jsonLine, kernelCeiling, summarize, type KernelFigure } from './report.ts';

const inference = { median: 2, min: 1, max: 3 };
const m = (engine: Measured['engine'], batch: number, roundMs: number[], adapter = 'SwiftShader Device (Google)', extra: Partial<Measured> = {}): Measured => ({
  engine,
  adapter,
  batch,
  stepsPerRound: 2,
  roundMs,
  stepsTrained: 7,
  accuracy: 0.5,
  inferenceMs: inference,
  ...extra,
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

  it('prints a row per engine and batch and the targets on SwiftShader', () => {
    const t = formatTable(r);
    expect(t.split('\n').filter((l) => /^(Inkling|TF\.js)/.test(l) && /\d+\.\d/.test(l))).toHaveLength(5);
    expect(t).toContain('≥5× TF.js WebGPU: 5.00× met');
    expect(t).toContain('≥1× TF.js WebGL: 2.00× met');
  });

  it('sets Inkling on a real GPU against the H200 PyTorch reference, and not on SwiftShader', () => {
    const gpu = summarize([m('inkling', 64, [1], 'NVIDIA H200')], { model: 'cnn', flopPerSample: 1, config });
    // 128 samples in 1 ms = 128,000 samples/s against 36,700
    expect(formatTable(gpu)).toContain('batch 64: Inkling is 3.49× PyTorch eager');
    expect(formatTable(r)).not.toContain('PyTorch');
  });

  it("sets the cnn's targets for the cnn alone; the rnn gets its ratios in the table", () => {
    const rnn = summarize([m('inkling', 64, [1000]), m('tfjs_webgl', 64, [2000])], {
      model: 'rnn',
      flopPerSample: 1,
      config: { ...config, model: preset('rnn') },
    });
    expect(rnn.ratio_vs_tfjs_webgl).toEqual({ 64: 2 });
    const t = formatTable(rnn);
    expect(t.split('\n').find((l) => l.startsWith('TF.js WebGL'))).toMatch(/2\.00×$/);
    expect(t).not.toContain('target');
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
      { kernel: 'bn1 forward', kind: 'batchnorm', batch: 64, shape: '64×32×28×28 → 32×28×28', ms: 2, dispatches: 2, gflop_per_s: 0.4, plans: [] },
      { kernel: 'adam', kind: 'step', batch: 64, shape: 'batch 64', ms: 1, dispatches: 1, gflop_per_s: null, plans: [] },
    ];
    const lines = formatTable(r).split('\n');
    expect(lines.find((l) => l.includes('bn1 forward'))).toMatch(/batchnorm\s+64×32×28×28 → 32×28×28\s+2\.000 ms\s+×2\s+0\.400 GFLOP\/s$/);
    expect(lines.find((l) => l.includes('adam'))).toMatch(/1\.000 ms\s+×1$/);
  });

  it('prints each dispatch under its pass: label, variant, shader and entry point, grid and time', () => {
    const r = summarize([m('inkling', 64, [1000])], { model: 'cnn', flopPerSample: 1, config: DEFAULT_CONFIG });
    r.kernels = [
      {
        kernel: 'dense1 forward',
        kind: 'dense',
        batch: 64,
        shape: '64×32×13×13 → 128',
        ms: 3,
        dispatches: 2,
        gflop_per_s: 1,
        plans: [
          { label: 'dense1.forward.slices', variant: 'software-vec4', entry: 'matmul-vec4:software', grid: '1×1×4', ms: 2.5 },
          { label: 'dense1.forward.reduce', variant: '', entry: 'split-k-reduce:main', grid: '32×1×1', ms: 0.5 },
        ],
      },
    ];
    const lines = formatTable(r).split('\n');
    const at = lines.findIndex((l) => l.includes('dense1 forward'));
    expect(lines[at + 1]).toMatch(/^\s+dense1\.forward\.slices\s+software-vec4\s+matmul-vec4:software\s+1×1×4\s+2\.500 ms$/);
    expect(lines[at + 2]).toMatch(/^\s+dense1\.forward\.reduce\s+-\s+split-k-reduce:main\s+32×1×1\s+0\.500 ms$/);
    expect(lines.join('\n')).toMatch(/its dispatches \(variant, shader:entry, grid\)/);
  });
});

describe('the jax-js peers', () => {
  const host: HostFigures = {
    dispatches_per_step: 19,
    passes_per_submit: 1,
    steps_per_submit: 1,
    host_ms_per_step: 0.25,
    host_calls: 5,
    gpu_bytes: { trainer: 45 * 2 ** 20, dataset: 52.5 * 2 ** 20, total: 97.5 * 2 ** 20 },
  };
  const r = summarize(
    [
      m('inkling', 64, [1000], undefined, { firstLoss: 2.3, host }),
      m('tfjs_webgpu', 64, [4000], undefined, { firstLoss: 2.3000002 }),
      m('jaxjs_webgpu', 64, [2000], undefined, { firstLoss: 2.3000001 }),
      m('jaxjs_wasm', 64, [500], undefined, { firstLoss: 2.2999995 }),
      m('inkling', 256, [4000], undefined, { firstLoss: 2.31 }),
      m('jaxjs_wasm', 256, [8000], undefined, { firstLoss: 2.4 }),
    ],
    { model: 'cnn', flopPerSample: 4_939_776, config: DEFAULT_CONFIG },
  );

  it('keys both devices and their ratios by batch in the JSON, after the TF.js ones', () => {
    expect(r.ratio_vs_jaxjs_webgpu).toEqual({ 64: 2 });
    expect(r.ratio_vs_jaxjs_wasm).toEqual({ 64: 0.5, 256: 2 });
    const keys = Object.keys(JSON.parse(jsonLine(r)) as object);
    expect(keys.slice(0, 6)).toEqual(['inkling', 'tfjs_webgpu', 'jaxjs_webgpu', 'jaxjs_wasm', 'ratio_vs_tfjs_webgpu', 'ratio_vs_jaxjs_webgpu']);
    expect(keys).toContain('ratio_vs_jaxjs_wasm');
  });

  it('prints a row and the ratio for each device', () => {
    const lines = formatTable(r).split('\n');
    expect(lines.find((l) => l.startsWith('jax-js WebGPU  64'))).toMatch(/2\.00×$/);
    expect(lines.find((l) => l.startsWith('jax-js wasm    64'))).toMatch(/0\.50×$/);
    expect(lines.find((l) => l.startsWith('jax-js wasm    256'))).toMatch(/2\.00×$/);
  });

  it('checks the layouts by the first-step loss: every peer against Inkling, per batch size', () => {
    expect(r.first_loss_gap?.['64']).toBeCloseTo(5e-7, 9);
    expect(r.first_loss_gap?.['256']).toBeCloseTo(0.09, 9);
    const t = formatTable(r);
    expect(t).toMatch(
      /first-step loss at batch 64 .*Inkling 2\.30000, TF\.js WebGPU 2\.30000, jax-js WebGPU 2\.30000, jax-js wasm 2\.30000; largest gap 5\.0e-7, the layouts agree/,
    );
    expect(t).toMatch(/first-step loss at batch 256 .* MORE than 0\.001: a layout or the loss differs/);
  });

  it("gives Inkling's host figures per batch in the JSON and the table", () => {
    const f = r.inkling?.batches['64'];
    expect(f).toMatchObject({ dispatches_per_step: 19, passes_per_submit: 1, host_ms_per_step: 0.25, gpu_bytes: host.gpu_bytes, first_loss: 2.3 });
    expect(r.jaxjs_wasm?.batches['64']).not.toHaveProperty('dispatches_per_step');
    expect(formatTable(r)).toContain(
      'Inkling at batch 64: 19 dispatches per step, 1 compute pass per submit of 1.0 step(s); host 0.250 ms per step to write, encode and submit (no GPU wait); GPU memory 45.0 MiB trainer + 52.5 MiB dataset = 97.5 MiB.',
    );
  });
});

describe('the ceiling line', () => {
  const k = (kernel: string, kind: string, gflops: number | null, batch = 64): KernelFigure => ({
    kernel,
    kind,
    batch,
    shape: '',
    ms: 1,
    dispatches: 1,
    gflop_per_s: gflops,
    plans: [],
  });
  const kernels = [
    k('conv1 forward', 'conv2d', 0.4),
    k('dense1 backward', 'dense', 0.8),
    k('pool1 forward', 'maxpool', null),
    k('adam', 'step', null),
    k('bn1 forward', 'batchnorm', 5),
  ];

  it("takes the best dense or conv pass, against Inkling's best step", () => {
    const r = summarize([m('inkling', 64, [1000]), m('inkling', 256, [2000])], { model: 'cnn', flopPerSample: 1e6, config: DEFAULT_CONFIG });
    // 2 steps of 64 in 1 s and of 256 in 2 s: 128 and 256 samples/s × 1 MFLOP; 0.256 / 0.8 = 32%
    const c = kernelCeiling(kernels, r.inkling, true);
    expect(c).toMatchObject({ kernel: 'dense1 backward', batch: 64, gflop_per_s: 0.8, step_gflop_per_s: 0.256, timestamps: true });
    expect(c?.share).toBeCloseTo(0.32, 12);
    r.ceiling = c;
    const t = formatTable(r);
    expect(t).toContain("Inkling's step reaches 32% of its best kernel here: 0.256 GFLOP/s against dense1 backward at batch 64, 0.800 GFLOP/s.");
    expect(t).not.toContain('SwiftShader ceiling');
  });

  it('is left out without a matmul kernel or without Inkling, and says when kernels were timed without timestamps', () => {
    const r = summarize([m('inkling', 64, [1000])], { model: 'cnn', flopPerSample: 1e6, config: DEFAULT_CONFIG });
    expect(kernelCeiling([k('adam', 'step', null)], r.inkling, true)).toBeUndefined();
    expect(kernelCeiling(kernels, undefined, true)).toBeUndefined();
    r.ceiling = kernelCeiling(kernels, r.inkling, false);
    expect(formatTable(r)).toContain('(timed with a submit round trip each: no timestamp-query)');
  });
});
