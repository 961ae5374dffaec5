// Turns round timings into the figures the issue asks for, and prints them as a table or as
// one JSON line: {"inkling":…,"inkling_wasm":…,"tfjs_webgpu":…,…,"pytorch_cpu":…,
// "ratio_vs_tfjs_webgpu":…,…,"ratio_wasm_vs_jaxjs_wasm":…,…}.
import type { Measured } from './measure.ts';
import { ENGINE_NAMES, PEER_NAMES, peerModel, WASM_RIVALS, type BenchConfig, type EngineName, type PeerName, type WasmRival } from './config.ts';
import type { CpuProfile } from './cpu-profile.ts';
import type { HostFigures } from './host.ts';
import { cpuProfileLines, cpuTargetLines } from './report-cpu.ts';
import { median, spread, type Spread } from './stats.ts';

/** Per engine and batch size; the host figures are Inkling's alone. */
export interface BatchFigures extends Partial<HostFigures> {
  samples_per_s: Spread;
  ms_per_step: number;
  gflop_per_s: number;
  /** Test accuracy after `steps_trained` steps, on the first `eval_images` test images. */
  accuracy: number;
  steps_trained: number;
  inference_ms: Spread;
  /** Loss of the first step, from the shared initial weights on the shared first batch. */
  first_loss?: number;
}

export interface EngineFigures {
  adapter: string;
  /** The CPU engines: the threads it trained on. */
  threads?: number;
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
  /** Its dispatches in order, each as its kernel plan chose it. */
  plans: DispatchFigure[];
}

/** --kernels: one dispatch, as its kernel plan (src/gpu/kernel-plan.ts) chose it, and its GPU time. */
export interface DispatchFigure {
  label: string;
  /** The plan's variant ("software-vec4", "tiled", …), '' where the kernel has one only. */
  variant: string;
  /** "shader:entry point", e.g. "matmul-vec4:software". */
  entry: string;
  /** Workgroups, "x×y×z". */
  grid: string;
  ms: number;
}

export interface ProfileFigure {
  kernel: string;
  ms: number;
  share: number;
  calls: number;
}

/**
 * Measured once on an H200 (docs/GPU-NODE.md), samples/s by batch size: what Inkling on a
 * real GPU is compared with, PyTorch being the bar for an eager framework.
 */
export const H200_REFERENCE = {
  pytorch_eager: { '64': 36_700, '256': 145_700 },
  tfjs_webgpu: { '64': 2_420, '256': 3_414 },
} as const;

/** The adapter's best matmul kernel in this run (--kernels timing of a real step), against Inkling's whole step. */
export interface Ceiling {
  /** "dense1 forward" and the like: the dense or conv2d layer pass with the highest GFLOP/s. */
  kernel: string;
  batch: number;
  gflop_per_s: number;
  /** Inkling's best whole-step GFLOP/s over the batch sizes, and its share of the kernel's. */
  step_gflop_per_s: number;
  share: number;
  /** Timed with timestamp-query; without it a kernel's time includes a submit round trip. */
  timestamps: boolean;
}

export type BenchResult = Partial<Record<EngineName, EngineFigures>> & {
  /** Inkling samples/s over the peer's, per batch size (medians). */
  [K in PeerName as `ratio_vs_${K}`]?: Record<string, number>;
} & {
  /** Inkling's CPU engine's samples/s over the rival's, per batch size (medians). */
  [K in WasmRival as `ratio_wasm_vs_${K}`]?: Record<string, number>;
} & {
  /** Largest |peer − Inkling| first-step loss per batch size: near 0 when every layout agrees. */
  first_loss_gap?: Record<string, number>;
  ceiling?: Ceiling;
  /** Engines asked for and not run, and why (pytorch_cpu where Debian's python3-torch is absent). */
  skipped?: Partial<Record<EngineName, string>>;
  model: string;
  flop_per_sample: number;
  eval_images: number;
  config: BenchConfig;
  /** Fixed figures from another run, for side-by-side reading; not measured here. */
  h200_reference: typeof H200_REFERENCE;
  profile?: ProfileFigure[];
  kernels?: KernelFigure[];
  /** --profile with the CPU engine: its kernels' time and GFLOP/s, and the SIMD peak. */
  cpu_profile?: CpuProfile;
};

export function batchFigures(m: Measured, flopPerSample: number): BatchFigures {
  const rate = spread(m.roundMs.map((ms) => (m.batch * m.stepsPerRound * 1000) / ms));
  return {
    samples_per_s: rate,
    ms_per_step: median(m.roundMs) / m.stepsPerRound,
    gflop_per_s: (rate.median * flopPerSample) / 1e9,
    accuracy: m.accuracy,
    steps_trained: m.stepsTrained,
    inference_ms: m.inferenceMs,
    ...(m.firstLoss === undefined ? {} : { first_loss: m.firstLoss }),
    ...m.host,
  };
}

function ratios(engine: EngineFigures | undefined, other: EngineFigures | undefined): Record<string, number> | undefined {
  if (!engine || !other) return undefined;
  const out: Record<string, number> = {};
  for (const [batch, f] of Object.entries(engine.batches)) {
    const o = other.batches[batch];
    if (o) out[batch] = f.samples_per_s.median / o.samples_per_s.median;
  }
  return out;
}

/** Per batch size, the largest gap between a peer's first-step loss and Inkling's; undefined without both. */
export function firstLossGaps(engines: Partial<Record<EngineName, EngineFigures>>): Record<string, number> | undefined {
  const inkling = engines.inkling;
  if (!inkling) return undefined;
  const out: Record<string, number> = {};
  for (const [batch, f] of Object.entries(inkling.batches)) {
    if (f.first_loss === undefined) continue;
    for (const peer of ENGINE_NAMES) {
      if (peer === 'inkling') continue;
      const other = engines[peer]?.batches[batch]?.first_loss;
      if (other !== undefined) out[batch] = Math.max(out[batch] ?? 0, Math.abs(other - f.first_loss));
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Layer kinds whose passes are matrix products (a conv is an implicit GEMM). */
const MATMUL_KINDS = new Set(['dense', 'conv2d']);

/** The best matmul kernel of the timed step(s) against Inkling's best whole step; undefined without both. */
export function kernelCeiling(kernels: readonly KernelFigure[], inkling: EngineFigures | undefined, timestamps: boolean): Ceiling | undefined {
  let best: KernelFigure | undefined;
  for (const k of kernels) {
    if (MATMUL_KINDS.has(k.kind) && k.gflop_per_s !== null && k.gflop_per_s > (best?.gflop_per_s ?? 0)) best = k;
  }
  if (!best?.gflop_per_s || !inkling) return undefined;
  const step = Math.max(...Object.values(inkling.batches).map((f) => f.gflop_per_s));
  return { kernel: best.kernel, batch: best.batch, gflop_per_s: best.gflop_per_s, step_gflop_per_s: step, share: step / best.gflop_per_s, timestamps };
}

type Engines = Partial<Record<EngineName, EngineFigures>>;

/** Every engine's figures, in ENGINE_NAMES' order (absent ones as undefined, so the keys keep their places), then the ratios. */
function engineFields(engines: Engines) {
  const ordered = Object.fromEntries(ENGINE_NAMES.map((name) => [name, engines[name]])) as Engines;
  const vsPeer = Object.fromEntries(PEER_NAMES.map((peer) => [`ratio_vs_${peer}`, ratios(engines.inkling, engines[peer])])) as {
    [K in PeerName as `ratio_vs_${K}`]?: Record<string, number>;
  };
  const wasmVs = Object.fromEntries(WASM_RIVALS.map((rival) => [`ratio_wasm_vs_${rival}`, ratios(engines.inkling_wasm, engines[rival])])) as {
    [K in WasmRival as `ratio_wasm_vs_${K}`]?: Record<string, number>;
  };
  return { ...ordered, ...vsPeer, ...wasmVs, first_loss_gap: firstLossGaps(engines) };
}

/** One engine's figures, from its rounds at every batch size. */
export function engineFigures(measured: readonly Measured[], flopPerSample: number): EngineFigures {
  const first = measured[0];
  if (!first || measured.some((m) => m.engine !== first.engine)) throw new Error('engineFigures wants the rounds of one engine');
  const e: EngineFigures = { adapter: first.adapter, ...(first.threads === undefined ? {} : { threads: first.threads }), batches: {} };
  for (const m of measured) e.batches[String(m.batch)] = batchFigures(m, flopPerSample);
  return e;
}

/** The result with one more engine's figures (one measured outside the page: native PyTorch), the ratios recomputed. */
export function withEngine(r: BenchResult, name: EngineName, figures: EngineFigures): BenchResult {
  const engines: Engines = Object.fromEntries(ENGINE_NAMES.map((n) => [n, r[n]]));
  engines[name] = figures;
  return { ...r, ...engineFields(engines) };
}

export function summarize(measured: readonly Measured[], meta: { model: string; flopPerSample: number; config: BenchConfig }): BenchResult {
  const engines: Engines = {};
  for (const name of ENGINE_NAMES) {
    const mine = measured.filter((m) => m.engine === name);
    if (mine.length > 0) engines[name] = engineFigures(mine, meta.flopPerSample);
  }
  return {
    ...engineFields(engines),
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

const LABELS: Record<EngineName, string> = {
  inkling: 'Inkling',
  inkling_wasm: 'Inkling wasm',
  pytorch_cpu: 'PyTorch CPU',
  tfjs_webgpu: 'TF.js WebGPU',
  tfjs_webgl: 'TF.js WebGL',
  jaxjs_webgpu: 'jax-js WebGPU',
  jaxjs_wasm: 'jax-js wasm',
};

/** A first-step loss further than this from Inkling's means a layout (or the loss) differs. */
export const FIRST_LOSS_TOLERANCE = 1e-3;

function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

function firstLossLines(r: BenchResult): string[] {
  const lines: string[] = [];
  for (const [batch, gap] of Object.entries(r.first_loss_gap ?? {})) {
    const losses = ENGINE_NAMES.flatMap((name) => {
      const loss = r[name]?.batches[batch]?.first_loss;
      return loss === undefined ? [] : [`${LABELS[name]} ${loss.toFixed(5)}`];
    });
    const verdict = gap <= FIRST_LOSS_TOLERANCE ? 'the layouts agree' : `MORE than ${FIRST_LOSS_TOLERANCE}: a layout or the loss differs`;
    lines.push(`first-step loss at batch ${batch} (same weights, same batch): ${losses.join(', ')}; largest gap ${gap.toExponential(1)}, ${verdict}.`);
  }
  return lines;
}

function bytes(n: number): string {
  return `${fmt(n / 2 ** 20)} MiB`;
}

function hostLines(r: BenchResult): string[] {
  const lines: string[] = [];
  for (const [batch, f] of Object.entries(r.inkling?.batches ?? {})) {
    if (f.dispatches_per_step === undefined || f.host_ms_per_step === undefined || !f.gpu_bytes) continue;
    const g = f.gpu_bytes;
    lines.push(
      `Inkling at batch ${batch}: ${fmt(f.dispatches_per_step, 0)} dispatches per step, ${fmt(f.passes_per_submit ?? 0, 0)} compute pass per submit of ${fmt(f.steps_per_submit ?? 0)} step(s); ` +
        `host ${fmt(f.host_ms_per_step, 3)} ms per step to write, encode and submit (no GPU wait); GPU memory ${bytes(g.trainer)} trainer + ${bytes(g.dataset)} dataset = ${bytes(g.total)}.`,
    );
  }
  return lines;
}

export function formatTable(r: BenchResult): string {
  const head = ['engine', 'batch', 'samples/s (min–max)', 'ms/step', 'GFLOP/s', 'accuracy', 'infer ms', 'Inkling ×', 'wasm ×'];
  const rows: string[][] = [];
  for (const name of ENGINE_NAMES) {
    const e = r[name];
    if (!e) continue;
    for (const [batch, f] of Object.entries(e.batches)) {
      const ratio = name === 'inkling' || name === 'inkling_wasm' ? '' : r[`ratio_vs_${name}`]?.[batch];
      const wasm = (WASM_RIVALS as readonly string[]).includes(name) ? r[`ratio_wasm_vs_${name as WasmRival}`]?.[batch] : undefined;
      rows.push([
        LABELS[name],
        batch,
        `${fmt(f.samples_per_s.median)} (${fmt(f.samples_per_s.min)}–${fmt(f.samples_per_s.max)})`,
        fmt(f.ms_per_step),
        fmt(f.gflop_per_s, 3),
        `${fmt(f.accuracy * 100)}% @${f.steps_trained}`,
        fmt(f.inference_ms.median, 2),
        typeof ratio === 'number' ? `${fmt(ratio, 2)}×` : '',
        wasm === undefined ? '' : `${fmt(wasm, 2)}×`,
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const lines = [pad(head, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((row) => pad(row, widths).trimEnd())];
  lines.push(
    '',
    `${r.model}: ${fmt(r.flop_per_sample / 1e6, 2)} MFLOP per training sample (forward + backward); accuracy on the first ${r.eval_images} test images after the same steps.`,
  );
  for (const name of ENGINE_NAMES) {
    const e = r[name];
    if (e) lines.push(`${LABELS[name]}: ${e.adapter}`);
    const skipped = r.skipped?.[name];
    if (skipped) lines.push(`${LABELS[name]}: skipped: ${skipped}`);
  }
  lines.push(...firstLossLines(r), ...hostLines(r));
  if (r.ceiling) {
    const c = r.ceiling;
    lines.push(
      `Inkling's step reaches ${fmt(c.share * 100, 0)}% of its best kernel here: ${fmt(c.step_gflop_per_s, 3)} GFLOP/s against ${c.kernel} at batch ${c.batch}, ${fmt(c.gflop_per_s, 3)} GFLOP/s${c.timestamps ? '' : ' (timed with a submit round trip each: no timestamp-query)'}.`,
    );
  }
  // The targets were set for the seed cnn; other models get their ratios in the table only.
  if (r.inkling && /swiftshader/i.test(r.inkling.adapter) && peerModel(r.config.model) === 'cnn') {
    const gpu64 = r.ratio_vs_tfjs_webgpu?.['64'];
    const gl64 = r.ratio_vs_tfjs_webgl?.['64'];
    if (gpu64 !== undefined) lines.push(`target at batch 64: ≥5× TF.js WebGPU: ${fmt(gpu64, 2)}× ${gpu64 >= 5 ? 'met' : 'NOT met'}`);
    if (gl64 !== undefined) lines.push(`target at batch 64: ≥1× TF.js WebGL: ${fmt(gl64, 2)}× ${gl64 >= 1 ? 'met' : 'NOT met'}`);
  }
  if (r.inkling_wasm && peerModel(r.config.model) === 'cnn') {
    const at64 = Object.fromEntries(
      WASM_RIVALS.flatMap((rival) => {
        const ratio = r[`ratio_wasm_vs_${rival}`]?.['64'];
        return ratio === undefined ? [] : [[rival, ratio]];
      }),
    ) as Partial<Record<WasmRival, number>>;
    lines.push(...cpuTargetLines(at64, /swiftshader|llvmpipe|lavapipe/i.test(r.inkling?.adapter ?? '')));
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
  if (r.cpu_profile) lines.push('', ...cpuProfileLines(r.cpu_profile));
  if (r.kernels?.length) {
    lines.push('', 'GPU time per layer and pass, one training step as the plan dispatches it; under each, its dispatches (variant, shader:entry, grid):');
    for (const k of r.kernels) {
      const rate = k.gflop_per_s === null ? '' : `${fmt(k.gflop_per_s, 3).padStart(9)} GFLOP/s`;
      lines.push(
        `  ${k.kernel.padEnd(20)} ${k.kind.padEnd(10)} ${k.shape.padEnd(28)} ${fmt(k.ms, 3).padStart(10)} ms  ×${String(k.dispatches).padEnd(3)} ${rate}`.trimEnd(),
      );
      for (const d of k.plans)
        lines.push(`      ${d.label.padEnd(30)} ${(d.variant || '-').padEnd(22)} ${d.entry.padEnd(34)} ${d.grid.padEnd(14)} ${fmt(d.ms, 3).padStart(10)} ms`);
    }
  }
  return lines.join('\n');
}
