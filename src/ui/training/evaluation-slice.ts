import type { AccuracyCheck, EngineEvent, Evaluation, EvaluationPoint, HistogramRidge, ModelSpec } from '../../worker/protocol';

export type { EvaluationPoint };

const MAX_RIDGES = 100;

export interface EvaluationSlice {
  latest: Evaluation | null;
  /**
   * The engine's model when `latest` arrived (the same object as the engine slice's): a model
   * switched or imported since is another object, so `latest` is no longer its accuracy.
   */
  model: ModelSpec | null;
  history: EvaluationPoint[];
  /** The quick check of a model on the first test digits (after an import), and the model it checked. */
  check: { figure: AccuracyCheck; model: ModelSpec | null } | null;
  /** The layer histograms of the evaluations during training, one ridge each, in step order. */
  ridges: HistogramRidge[];
}

export const initialEvaluation: EvaluationSlice = { latest: null, model: null, history: [], check: null, ridges: [] };

/** `model`: the engine's current model, which the evaluation measured. */
export function evaluationReduce(slice: EvaluationSlice, event: EngineEvent, model: ModelSpec | null): EvaluationSlice {
  // A restored run's tests measured the model the engine has just restored.
  if (event.type === 'restored') {
    const { lastEvaluation, evaluations, check, histograms } = event.run;
    return {
      latest: lastEvaluation,
      model: lastEvaluation ? model : null,
      history: [...evaluations],
      check: check && { figure: check, model },
      ridges: [...histograms],
    };
  }
  if (event.type === 'histograms') {
    const { ridge } = event;
    // As many as the worker keeps with the run (src/worker/persist/histogram-record.ts), the oldest dropped.
    const ridges = [...slice.ridges.filter((r) => r.step !== ridge.step), ridge].sort((a, b) => a.step - b.step);
    return { ...slice, ridges: ridges.slice(-MAX_RIDGES) };
  }
  if (event.type === 'checked') return { ...slice, check: { figure: event.check, model } };
  if (event.type === 'rolled-back') return rolledBack(slice, event.step);
  if (event.type !== 'evaluation') return slice;
  const { step, epoch, loss, accuracy } = event.evaluation;
  // A second evaluation at the same step (e.g. an explicit evaluate()) replaces the first.
  const history = slice.history.filter((p) => p.step !== step);
  history.push({ step, epoch, loss, accuracy });
  history.sort((a, b) => a.step - b.step);
  return { ...slice, latest: event.evaluation, model, history };
}

/** The weights went back to those of `step`: what later tests and checks measured is gone. */
function rolledBack(slice: EvaluationSlice, step: number): EvaluationSlice {
  const latest = slice.latest && slice.latest.step > step ? null : slice.latest;
  return {
    latest,
    model: latest ? slice.model : null,
    history: slice.history.filter((p) => p.step <= step),
    check: slice.check && slice.check.figure.step > step ? null : slice.check,
    ridges: slice.ridges.filter((r) => r.step <= step),
  };
}

/** The latest test accuracy of `model`, the engine's current one; null until that model is tested. */
export function testedAccuracy(slice: EvaluationSlice, model: ModelSpec | null): number | null {
  return slice.latest && model !== null && slice.model === model ? slice.latest.accuracy : null;
}

/**
 * The accuracy the page may show for the model in use, and what it is: its latest test on the
 * 10,000 test digits; else a quick check on the first ones; else the figure its file recorded
 * when it was made (a claim about the weights, named as such); else none.
 */
export type AccuracyFigure =
  { kind: 'test'; accuracy: number } | { kind: 'check'; accuracy: number; images: number } | { kind: 'recorded'; accuracy: number } | null;

export function accuracyFigure(
  slice: EvaluationSlice,
  model: ModelSpec | null,
  pretrained: string | null,
  recorded: { label: string; accuracy: number } | null,
): AccuracyFigure {
  const tested = testedAccuracy(slice, model);
  if (tested !== null) return { kind: 'test', accuracy: tested };
  const check = slice.check;
  if (check && model !== null && check.model === model) return { kind: 'check', accuracy: check.figure.accuracy, images: check.figure.images };
  if (recorded && pretrained !== null && recorded.label === pretrained) return { kind: 'recorded', accuracy: recorded.accuracy };
  return null;
}
