// The CPU engine in the report: its ratios over jax-js wasm, native PyTorch and the GPU engine in
// the JSON (PyTorch's added after the page's run), its threads, its targets, a skipped peer's
// reason, and --profile's kernel table against the SIMD peak.
import { describe, expect, it } from 'vitest';
import { preset } from '../../src/model/presets.ts';
import { DEFAULT_CONFIG } from './config.ts';
import type { CpuProfile } from './cpu-profile.ts';
import type { Measured } from './measure.ts';
import { cpuTargetLines } from './report-cpu.ts';
import { engineFigures, formatTable, jsonLine, summarize, withEngine } from './report.ts';

const m = (engine: Measured['engine'], batch: number, roundMs: number, extra: Partial<Measured> = {}): Measured => ({
  engine,
  adapter: engine === 'inkling' ? 'SwiftShader Device (Google)' : `${engine} adapter`,
  batch,
  stepsPerRound: 2,
  roundMs: [roundMs],
  stepsTrained: 7,
  accuracy: 0.5,
  inferenceMs: { median: 1, min: 1, max: 1 },
  ...extra,
});
const meta = { model: 'cnn', flopPerSample: 1, config: DEFAULT_CONFIG };
const wasm = { threads: 2, adapter: 'CPU · WebAssembly SIMD · 2 threads' };
// samples/s: 128 000 / ms. The CPU engine 640 at 64, 1280 at 256; jax-js 128 and 640; the GPU engine 256.
const page = summarize(
  [m('inkling', 64, 500), m('inkling_wasm', 64, 200, wasm), m('inkling_wasm', 256, 100, wasm), m('jaxjs_wasm', 64, 1000), m('jaxjs_wasm', 256, 200)],
  meta,
);

describe('the CPU engine in the report', () => {
  it('keys its ratios over jax-js wasm and the GPU engine by batch, and its threads', () => {
    expect(page.ratio_wasm_vs_jaxjs_wasm).toEqual({ 64: 5, 256: 2 });
    expect(page.ratio_wasm_vs_inkling).toEqual({ 64: 2.5 });
    expect(page.ratio_wasm_vs_pytorch_cpu).toBeUndefined();
    expect(page.ratio_vs_jaxjs_wasm).toEqual({ 64: 2 });
    expect(page.inkling_wasm?.threads).toBe(2);
  });

  it("adds native PyTorch's figures after the page's run, the ratios recomputed, the JSON keys in place", () => {
    const torch = engineFigures([m('pytorch_cpu', 64, 100, { threads: 2 })], 1);
    const r = withEngine(page, 'pytorch_cpu', torch);
    expect(r.pytorch_cpu).toEqual(torch);
    expect(r.ratio_wasm_vs_pytorch_cpu).toEqual({ 64: 0.5 });
    expect(r.ratio_vs_pytorch_cpu).toEqual({ 64: 0.2 });
    expect(r.ratio_wasm_vs_jaxjs_wasm).toEqual(page.ratio_wasm_vs_jaxjs_wasm);
    const keys = Object.keys(JSON.parse(jsonLine(r)) as object);
    expect(keys.slice(0, 9)).toEqual([
      'inkling',
      'inkling_wasm',
      'jaxjs_wasm',
      'pytorch_cpu',
      'ratio_vs_jaxjs_wasm',
      'ratio_vs_pytorch_cpu',
      'ratio_wasm_vs_jaxjs_wasm',
      'ratio_wasm_vs_pytorch_cpu',
      'ratio_wasm_vs_inkling',
    ]);
    expect(() => engineFigures([m('pytorch_cpu', 64, 1), m('jaxjs_wasm', 64, 1)], 1)).toThrow(/the rounds of one engine/);
  });

  it("prints its rows with the wasm × column and the goals at batch 64, and a skipped peer's reason", () => {
    const r = withEngine({ ...page, skipped: {} }, 'pytorch_cpu', engineFigures([m('pytorch_cpu', 64, 100)], 1));
    const lines = formatTable(r).split('\n');
    expect(lines[0]).toMatch(/Inkling ×\s+wasm ×$/);
    expect(lines.find((l) => /^jax-js wasm +64 /.test(l))).toMatch(/2\.00×\s+5\.00×$/);
    expect(lines.find((l) => /^PyTorch CPU +64 /.test(l))).toMatch(/0\.20×\s+0\.50×$/);
    expect(lines).toContain('Inkling wasm: CPU · WebAssembly SIMD · 2 threads');
    expect(lines).toContain('target at batch 64: CPU engine ≥3× jax-js wasm: 5.00× met');
    expect(lines).toContain('target at batch 64: CPU engine ≥0.5× native PyTorch CPU: 0.50× met');
    expect(lines).toContain('target at batch 64: CPU engine ≥2× Inkling on SwiftShader: 2.50× met');
    const skipped = formatTable({ ...page, skipped: { pytorch_cpu: 'no /usr/bin/python3' } });
    expect(skipped).toContain('PyTorch CPU: skipped: no /usr/bin/python3');
    expect(formatTable({ ...page, config: { ...DEFAULT_CONFIG, model: preset('rnn') } })).not.toContain('target at batch 64: CPU');
  });

  it('sets the goal against the GPU engine only on a software adapter', () => {
    expect(cpuTargetLines({ jaxjs_wasm: 2.9, inkling: 3 }, false)).toEqual(['target at batch 64: CPU engine ≥3× jax-js wasm: 2.90× NOT met']);
  });

  it("prints --profile's kernels with their share and GFLOP/s against the SIMD peak on every thread", () => {
    const profile: CpuProfile = {
      batch: 64,
      threads: 2,
      steps: 10,
      step_ms: 30,
      kernel_ms: 25,
      simd_peak_gflop_per_s: 20,
      simd_peak_all_threads: 40,
      kernels: [
        { kernel: 'gemm', shape: '64×128×5408', ms: 10, share: 0.4, calls: 1, gflop_per_s: 8.86 },
        { kernel: 'adam_update', shape: '', ms: 1, share: 0.04, calls: 1, gflop_per_s: null },
      ],
    };
    const lines = formatTable({ ...page, cpu_profile: profile }).split('\n');
    const at = lines.findIndex((l) => l.startsWith('CPU time per Inkling wasm step at batch 64 on 2 threads'));
    expect(lines[at]).toContain('kernels 25.00 ms of a 30.00 ms step; SIMD peak (f32x4 multiply-add) 20.0 GFLOP/s a thread, 40.0 on 2');
    expect(lines[at + 1]).toMatch(/^ {2}gemm\s+64×128×5408\s+10\.000 ms\s+40\.0%\s+×1\s+8\.86 GFLOP\/s\s+22% of peak$/);
    expect(lines[at + 2]).toMatch(/^ {2}adam_update\s+1\.000 ms\s+4\.0%\s+×1$/);
    expect(JSON.parse(jsonLine({ ...page, cpu_profile: profile }))).toMatchObject({ cpu_profile: { simd_peak_gflop_per_s: 20 } });
  });
});
