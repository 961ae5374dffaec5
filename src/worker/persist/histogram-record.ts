// The layer histograms a saved run carries, read back with the same suspicion as its tests: a
// ridge that is not one this run can have measured (a later step, counts that are not counts, a
// range that is not one) is dropped, and the run itself is kept.
import type { Histogram } from '../../model/histogram.ts';
import type { HistogramRidge, LayerRidge } from '../protocol.ts';

/** The most ridges a run keeps: the oldest go first (one per evaluation, so a long run shows its latest). */
export const MAX_RIDGES = 100;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown, max = Number.MAX_SAFE_INTEGER): boolean => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isHistogram(v: unknown): v is Histogram {
  if (!isRecord(v)) return false;
  const { min, max, counts } = v;
  return finite(min) && finite(max) && min <= max && Array.isArray(counts) && counts.length > 0 && counts.every((n) => count(n));
}

function isLayer(v: unknown): v is LayerRidge {
  if (!isRecord(v)) return false;
  const { layer, name, weights, gradients, updateRatio } = v;
  return (
    count(layer) &&
    typeof name === 'string' &&
    isHistogram(weights) &&
    isHistogram(gradients) &&
    (updateRatio === null || (finite(updateRatio) && updateRatio >= 0))
  );
}

function isRidge(v: unknown, lastStep: number): v is HistogramRidge {
  if (!isRecord(v)) return false;
  const { step, epoch, sinceStep, layers } = v;
  return count(step, lastStep) && count(epoch) && (sinceStep === null || count(sinceStep, step as number)) && Array.isArray(layers) && layers.every(isLayer);
}

/** The ridges that are measurements of this run (at most `lastStep`), in step order, the newest MAX_RIDGES. */
export function keptRidges(raw: unknown, lastStep: number): HistogramRidge[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((r) => isRidge(r, lastStep))
    .sort((a, b) => a.step - b.step)
    .slice(-MAX_RIDGES);
}

/** `ridges` with `ridge` in its step's place (a second one at a step replaces the first), the newest MAX_RIDGES. */
export function withRidge(ridges: readonly HistogramRidge[], ridge: HistogramRidge): HistogramRidge[] {
  return [...ridges.filter((r) => r.step !== ridge.step), ridge].sort((a, b) => a.step - b.step).slice(-MAX_RIDGES);
}
