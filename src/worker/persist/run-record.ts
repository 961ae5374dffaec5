// The current run as IndexedDB keeps it, and the checks that read it back. The weights are a model
// file (safetensors with the spec, src/model/weights-file.ts) and the optimizer's moments a second
// safetensors file, so the one reader that checks imported files checks these too. The shuffle
// order is not stored: it is a pure function of (seed, epoch) (src/data/shuffle.ts), and the
// dropout and augmentation draws of (seed, step), so a seed and a step put a run back exactly.
import { decodeSafetensors, encodeSafetensors } from '../../model/safetensors.ts';
import { decodeModelFile, encodeModelFile, type Provenance } from '../../model/weights-file.ts';
import { OPTIMIZER_NAMES, type TrainConfig } from '../../model/config.ts';
import { OPTIMIZERS, type OptimizerName } from '../../model/optimizers/index.ts';
import type { Checkpoint } from '../../model/engine.ts';
import type { AccuracyCheck, Evaluation, EvaluationPoint, HistogramRidge, MetricHistory, RestoredRun } from '../protocol.ts';
import { keptRidges } from './histogram-record.ts';
import { keptCheck, keptEvaluations, keptLastEvaluation, keptRecordedAccuracy } from './evaluation-record.ts';

export const RUN_FORMAT = 'inkling-run/1';
const OPTIMIZER_FORMAT = 'inkling-optimizer/1';
/**
 * A moment's tensor name in the stored file: the optimizer's name and the moment's (`adam.m`), as
 * the training plan labels their buffers. Runs saved before checkpoints named their moments
 * stored them under these same names, so they read back as they are.
 */
function storedName(optimizer: OptimizerName, moment: string): string {
  return `${optimizer}.${moment}`;
}

export interface RunRecord {
  format: typeof RUN_FORMAT;
  /** ms since 1970 */
  savedAt: number;
  /** Optimizer steps taken; the epoch in progress follows from it (with the batch size). */
  step: number;
  epoch: number;
  /** The run's settings (schedule, seed, the learning rate as last set, …); its network is the model file's spec. */
  config: Omit<TrainConfig, 'model'>;
  /** The label of a shipped, imported or opened model whose weights have not been trained since. */
  label: string | null;
  model: ArrayBuffer;
  optimizer: ArrayBuffer;
  metrics: MetricHistory;
  evaluations: EvaluationPoint[];
  lastEvaluation: Evaluation | null;
  /** What the file of an imported or opened model recorded of its accuracy (runs saved before held none). */
  recordedAccuracy?: number | null;
  /** The quick check of the model on the first test digits, when it had one. */
  check?: AccuracyCheck | null;
  /** The layer histograms of its evaluations during training (runs saved before held none). */
  histograms?: HistogramRidge[];
}

/** What the session hands over to be saved. */
export interface RunState {
  config: TrainConfig;
  label: string | null;
  epoch: number;
  checkpoint: Checkpoint;
  provenance: Provenance;
  metrics: MetricHistory;
  evaluations: EvaluationPoint[];
  lastEvaluation: Evaluation | null;
  recordedAccuracy: number | null;
  check: AccuracyCheck | null;
  histograms: HistogramRidge[];
  savedAt: number;
}

/** A saved run, checked, ready for an engine's create and restore. */
export interface SavedRun {
  config: TrainConfig;
  label: string | null;
  recordedAccuracy: number | null;
  checkpoint: Checkpoint;
  restored: RestoredRun;
}

export function encodeRun(s: RunState): RunRecord {
  const { model, ...config } = s.config;
  const { optimizer: name } = s.checkpoint;
  const moments = Object.fromEntries(Object.entries(s.checkpoint.moments).map(([m, data]) => [storedName(name, m), { shape: [data.length], data }]));
  const optimizer = encodeSafetensors(moments, { format: OPTIMIZER_FORMAT, optimizer: s.checkpoint.optimizer, step: String(s.checkpoint.step) });
  return {
    format: RUN_FORMAT,
    savedAt: s.savedAt,
    step: s.checkpoint.step,
    epoch: s.epoch,
    config,
    label: s.label,
    model: encodeModelFile(s.checkpoint.weights, { spec: model, provenance: s.provenance }).buffer,
    optimizer: optimizer.buffer,
    metrics: s.metrics,
    evaluations: s.evaluations,
    lastEvaluation: s.lastEvaluation,
    recordedAccuracy: s.recordedAccuracy,
    check: s.check,
    histograms: s.histograms,
  };
}

/** Reads a stored run back; throws naming the first thing wrong with it. */
export function decodeRun(raw: unknown): SavedRun {
  const fail = (message: string): never => {
    throw new Error(`the saved run ${message}`);
  };
  if (!raw || typeof raw !== 'object') return fail('is not a record');
  const r = raw as Partial<RunRecord>;
  if (r.format !== RUN_FORMAT) fail(`has format ${JSON.stringify(r.format ?? null)}; this version reads ${RUN_FORMAT}`);
  if (!Number.isInteger(r.step) || r.step! < 0) fail(`has no valid step (${String(r.step)})`);
  if (typeof r.savedAt !== 'number') fail('has no date');
  if (!r.config || typeof r.config !== 'object') fail('has no settings');
  if (!(r.model instanceof ArrayBuffer)) fail('has no model file');
  if (!(r.optimizer instanceof ArrayBuffer)) fail('has no optimizer state');
  const step = r.step!;
  const { meta, weights } = decodeModelFile(r.model!, 'the saved model');
  const config: TrainConfig = { ...r.config!, model: meta.spec };
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(config.optimizer)) fail(`names an unknown optimizer "${String(config.optimizer)}"`);
  const { metadata, tensors } = decodeSafetensors(r.optimizer!, 'the saved optimizer state');
  if (metadata.format !== OPTIMIZER_FORMAT) fail(`holds optimizer state of format ${JSON.stringify(metadata.format ?? null)}, expected ${OPTIMIZER_FORMAT}`);
  if (metadata.optimizer !== config.optimizer) fail(`holds ${metadata.optimizer}'s optimizer state for a run with ${config.optimizer}`);
  if (Number(metadata.step) !== step) fail(`holds optimizer state of step ${metadata.step}, its weights are of step ${step}`);
  const names = OPTIMIZERS[config.optimizer].moments.map((m) => storedName(config.optimizer, m));
  const stored = Object.keys(tensors);
  if (stored.length !== names.length || !names.every((n) => stored.includes(n))) {
    fail(`holds optimizer tensors ${stored.join(', ') || 'none'}; ${config.optimizer} keeps ${names.join(', ')}`);
  }
  const metrics = checkedMetrics(r.metrics, fail);
  return {
    config,
    label: typeof r.label === 'string' ? r.label : null,
    recordedAccuracy: keptRecordedAccuracy(r.recordedAccuracy),
    checkpoint: {
      step,
      optimizer: config.optimizer,
      weights,
      moments: Object.fromEntries(OPTIMIZERS[config.optimizer].moments.map((m) => [m, new Float32Array(tensors[storedName(config.optimizer, m)].data)])),
    },
    restored: {
      savedAt: r.savedAt!,
      step,
      metrics,
      evaluations: keptEvaluations(r.evaluations, step),
      lastEvaluation: keptLastEvaluation(r.lastEvaluation, step),
      check: keptCheck(r.check, step),
      histograms: keptRidges(r.histograms, step),
    },
  };
}

function checkedMetrics(m: MetricHistory | undefined, fail: (message: string) => never): MetricHistory {
  if (!m || !(m.steps instanceof Uint32Array) || !(m.loss instanceof Float32Array) || !(m.accuracy instanceof Float32Array)) {
    return fail('has no metric history');
  }
  if (m.loss.length !== m.steps.length || m.accuracy.length !== m.steps.length) {
    fail(`has a metric history of ${m.steps.length} steps but ${m.loss.length} losses and ${m.accuracy.length} accuracies`);
  }
  return m;
}
