// The test results a saved run carries, read back with the same suspicion as its weights: a
// stored record can be damaged or edited, and a figure the page shows must be one the engine
// measured. An entry that is not a test of this run is dropped; the run itself is kept.
import type { AccuracyCheck, Evaluation, EvaluationPoint, TestSample } from '../protocol.ts';

const CLASSES = 10;
const PIXELS = 784;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fraction = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1;
const count = (v: unknown, max = Number.MAX_SAFE_INTEGER): boolean => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;

/** A test at a step this run has reached, with a loss and an accuracy that a test can give. */
function isPoint(v: unknown, lastStep: number): v is EvaluationPoint {
  if (!isRecord(v)) return false;
  const { step, epoch, loss, accuracy } = v;
  return (
    count(step, lastStep) && count(epoch) && (epoch as number) >= 1 && typeof loss === 'number' && Number.isFinite(loss) && loss >= 0 && fraction(accuracy)
  );
}

function isSample(v: unknown): v is TestSample {
  return (
    isRecord(v) &&
    count(v.index) &&
    count(v.label, CLASSES - 1) &&
    count(v.predicted, CLASSES - 1) &&
    v.pixels instanceof Uint8Array &&
    v.pixels.length === PIXELS
  );
}

function isEvaluation(v: unknown, lastStep: number): v is Evaluation {
  if (!isPoint(v, lastStep)) return false;
  const { perClassAccuracy, confusion, samples } = v as unknown as Record<string, unknown>;
  return (
    Array.isArray(perClassAccuracy) &&
    perClassAccuracy.length === CLASSES &&
    perClassAccuracy.every(fraction) &&
    Array.isArray(confusion) &&
    confusion.length === CLASSES &&
    confusion.every((row) => Array.isArray(row) && row.length === CLASSES && row.every((n) => count(n))) &&
    Array.isArray(samples) &&
    samples.every(isSample)
  );
}

/** The test curve's points that are tests of this run (at most `lastStep`), in step order. */
export function keptEvaluations(raw: unknown, lastStep: number): EvaluationPoint[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((p) => isPoint(p, lastStep)).map(({ step, epoch, loss, accuracy }) => ({ step, epoch, loss, accuracy }));
}

/** The last full test, or null where there is none or it is not one this run can have taken. */
export function keptLastEvaluation(raw: unknown, lastStep: number): Evaluation | null {
  return isEvaluation(raw, lastStep) ? raw : null;
}

/** A quick check of this run (at most `lastStep`) on some of the test digits, or null. */
export function keptCheck(raw: unknown, lastStep: number): AccuracyCheck | null {
  if (!isRecord(raw)) return null;
  const { step, images, accuracy, loss } = raw;
  const ok =
    count(step, lastStep) && count(images) && (images as number) >= 1 && fraction(accuracy) && typeof loss === 'number' && Number.isFinite(loss) && loss >= 0;
  return ok ? { step: step as number, images: images as number, accuracy: accuracy as number, loss: loss } : null;
}

/** A model file's recorded accuracy as the run kept it, or null where it is none a test can give. */
export function keptRecordedAccuracy(raw: unknown): number | null {
  return fraction(raw) ? (raw as number) : null;
}
