// Turns round timings into the figures the issue asks for, and prints them as a table or as
// one JSON line: {"inkling":…,"tfjs_webgpu":…,"tfjs_webgl":…,"ratio_vs_tfjs_webgpu":…,…}.
import type { Measured } from './measure.ts';
import type { BenchConfig, EngineName } from './config.ts';
import { median, spread, type Spread } from './stats.ts';

export interface BatchFigures {
  samples_per_s: Spread;
  ms_per_step: number;
  gflop_per_s: number;
  /** Test accuracy after `steps_trained` steps, on the first `eval_images` test images. */
  accuracy: number;
  steps_trained: number;
  inference_ms: Spread;
}

export interface EngineFigures {
  adapter: string;
  batches: Record<string, BatchFigures>;
}

/** --kernels: one layer's forward or backward pass (or one of the step's own dispatches) at one batch size. */
export interface KernelFigure {
  /** "<layer> forward", "<layer> backward", or a step dispatch's name (gather, softmax-xent, adam). */
  kernel: string;
  /** The layer's kind, or "step". */
  kind: string;
  batch: number;
  /** The batch, then one sample's input and output shapes: "64×32×14×14 → 64×7×7". */
  shape: string;
  /** GPU time of its dispatches together (each the median of the repeats). */
  ms: number;
  dispatches: number;
  /** Counted FLOPs over ms; null where the kind counts none (pooling, the step's own dispatches). */
  gflop_per_s: number | null;
}

export interface ProfileFigure {
  kernel: string;
  ms: number;
  share: number;
  calls: number;
}

/**
 * Measured once on an H200 (../shared/gpu/README.md), samples/s by batch size: what Inkling on a
 * real GPU is compared with, PyTorch being the bar for an eager framework.
 */
export const H200_REFERENCE = {
  pytorch_eager: { '64': 36_700, '256': 145_700 },
  tfjs_webgpu: { '64': 2_420, '256': 3_414 },
} as const;

export interface BenchResult {
  inkling?: EngineFigures;
  tfjs_webgpu?: EngineFigures;
  tfjs_webgl?: EngineFigures;
  /** Inkling samples/s over the other engine's, per batch size (medians). */
  ratio_vs_tfjs_webgpu?: Record<string, number>;
  ratio_vs_tfjs_webgl?: Record<string, number>;
  model: string;
  flop_per_sample: number;
  eval_images: number;
  config: BenchConfig;
  /** Fixed figures from another run, for side-by-side reading; not measured here. */
  h200_reference: typeof H200_REFERENCE;
  profile?: ProfileFigure[];
  kernels?: KernelFigure[];
}

export function batchFigures(m: Measured, flopPerSample: number): BatchFigures {
  const rate = spread(m.roundMs.map((ms) => (m.batch * m.stepsPerRound * 1000) / ms));
  return {
    samples_per_s: rate,
    ms_per_step: median(m.roundMs) / m.stepsPerRound,
    gflop_per_s: (rate.median * flopPerSample) / 1e9,
    accuracy: m.accuracy,
    steps_trained: m.stepsTrained,
    inference_ms: m.inferenceMs,
  };
}

function ratios(inkling: EngineFigures | undefined, other: EngineFigures | undefined): Record<string, number> | undefined {
  if (!inkling || !other) return undefined;
  const out: Record<string, number> = {};
  for (const [batch, f] of Object.entries(inkling.batches)) {
    const o = other.batches[batch];
    if (o) out[batch] = f.samples_per_s.median / o.samples_per_s.median;
  }
  return out;
}

export function summarize(measured: readonly Measured[], meta: { model: string; flopPerSample: number; config: BenchConfig }): BenchResult {
  const engines: Partial<Record<EngineName, EngineFigures>> = {};
  for (const m of measured) {
    const e = (engines[m.engine] ??= { adapter: m.adapter, batches: {} });
    e.batches[String(m.batch)] = batchFigures(m, meta.flopPerSample);
  }
  return {
    inkling: engines.inkling,
    tfjs_webgpu: engines.tfjs_webgpu,
    tfjs_webgl: engines.tfjs_webgl,
    ratio_vs_tfjs_webgpu: ratios(engines.inkling, engines.tfjs_webgpu),
    ratio_vs_tfjs_webgl: ratios(engines.inkling, engines.tfjs_webgl),
    model: meta.model,
    flop_per_sample: meta.flopPerSample,
    eval_images: meta.config.evalLimit,
    config: meta.config,
    h200_reference: H200_REFERENCE,
  };
}

export function jsonLine(result: BenchResult): string {
  return JSON.stringify(result);
}

const LABELS: Record<EngineName, string> = { inkling: 'Inkling', tfjs_webgpu: 'TF.js WebGPU', tfjs_webgl: 'TF.js WebGL' };

/** Software rasterisers: what the targets are set against. */
export const SWIFTSHADER_CEILING_GFLOPS = 0.6;

function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

export function formatTable(r: BenchResult): string {
  const head = ['engine', 'batch', 'samples/s (min–max)', 'ms/step', 'GFLOP/s', 'accuracy', 'infer ms', 'Inkling ×'];
  const rows: string[][] = [];
  for (const name of ['inkling', 'tfjs_webgpu', 'tfjs_webgl'] as const) {
    const e = r[name];
    if (!e) continue;
    for (const [batch, f] of Object.entries(e.batches)) {
      const ratio = name === 'inkling' ? '' : r[`ratio_vs_${name}`]?.[batch];
      rows.push([
        LABELS[name],
        batch,
        `${fmt(f.samples_per_s.median)} (${fmt(f.samples_per_s.min)}–${fmt(f.samples_per_s.max)})`,
        fmt(f.ms_per_step),
        fmt(f.gflop_per_s, 3),
        `${fmt(f.accuracy * 100)}% @${f.steps_trained}`,
        fmt(f.inference_ms.median, 2),
        typeof ratio === 'number' ? `${fmt(ratio, 2)}×` : '',
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const lines = [pad(head, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((row) => pad(row, widths))];
  lines.push(
    '',
    `${r.model}: ${fmt(r.flop_per_sample / 1e6, 2)} MFLOP per training sample (forward + backward); accuracy on the first ${r.eval_images} test images after the same steps.`,
  );
  for (const name of ['inkling', 'tfjs_webgpu', 'tfjs_webgl'] as const) {
    if (r[name]) lines.push(`${LABELS[name]}: ${r[name].adapter}`);
  }
  if (r.inkling && /swiftshader/i.test(r.inkling.adapter)) {
    const best = Math.max(...Object.values(r.inkling.batches).map((f) => f.gflop_per_s));
    lines.push(`SwiftShader ceiling ≈ ${SWIFTSHADER_CEILING_GFLOPS} GFLOP/s: Inkling reached ${fmt((best / SWIFTSHADER_CEILING_GFLOPS) * 100, 0)}% of it.`);
    const gpu64 = r.ratio_vs_tfjs_webgpu?.['64'];
    const gl64 = r.ratio_vs_tfjs_webgl?.['64'];
    if (gpu64 !== undefined) lines.push(`target at batch 64: ≥5× TF.js WebGPU: ${fmt(gpu64, 2)}× ${gpu64 >= 5 ? 'met' : 'NOT met'}`);
    if (gl64 !== undefined) lines.push(`target at batch 64: ≥1× TF.js WebGL: ${fmt(gl64, 2)}× ${gl64 >= 1 ? 'met' : 'NOT met'}`);
  }
  if (r.inkling && !/swiftshader|llvmpipe|lavapipe/i.test(r.inkling.adapter)) {
    lines.push('H200 reference (samples/s, another run): PyTorch eager 36,700 at 64, 145,700 at 256; TF.js WebGPU 2,420 and 3,414.');
    for (const [batch, f] of Object.entries(r.inkling.batches)) {
      const torch = (H200_REFERENCE.pytorch_eager as Record<string, number>)[batch];
      if (torch) lines.push(`  batch ${batch}: Inkling is ${fmt(f.samples_per_s.median / torch, 2)}× PyTorch eager's H200 figure`);
    }
  }
  if (r.profile?.length) {
    lines.push('', 'GPU time per Inkling step, by kernel (timestamp-query):');
    for (const p of r.profile) lines.push(`  ${p.kernel.padEnd(32)} ${fmt(p.ms, 3).padStart(10)} ms  ${fmt(p.share * 100).padStart(5)}%  ×${p.calls}`);
  }
  if (r.kernels?.length) {
    lines.push('', 'GPU time per layer and pass, one training step as the plan dispatches it:');
    for (const k of r.kernels) {
      const rate = k.gflop_per_s === null ? '' : `${fmt(k.gflop_per_s, 3).padStart(9)} GFLOP/s`;
      lines.push(
        `  ${k.kernel.padEnd(20)} ${k.kind.padEnd(10)} ${k.shape.padEnd(28)} ${fmt(k.ms, 3).padStart(10)} ms  ×${String(k.dispatches).padEnd(3)} ${rate}`.trimEnd(),
      );
    }
  }
  return lines.join('\n');
}
