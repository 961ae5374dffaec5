import type { EngineEvent, Evaluation, EvaluationPoint, ModelSpec } from '../../worker/protocol';

export type { EvaluationPoint };

export interface EvaluationSlice {
  latest: Evaluation | null;
  /**
   * The engine's model when `latest` arrived (the same object as the engine slice's): a model
   * switched or imported since is another object, so `latest` is no longer its accuracy.
   */
  model: ModelSpec | null;
  history: EvaluationPoint[];
}

export const initialEvaluation: EvaluationSlice = { latest: null, model: null, history: [] };

/** `model`: the engine's current model, which the evaluation measured. */
export function evaluationReduce(slice: EvaluationSlice, event: EngineEvent, model: ModelSpec | null): EvaluationSlice {
  // A restored run's tests measured the model the engine has just restored.
  if (event.type === 'restored')
    return { latest: event.run.lastEvaluation, model: event.run.lastEvaluation ? model : null, history: [...event.run.evaluations] };
  if (event.type !== 'evaluation') return slice;
  const { step, epoch, loss, accuracy } = event.evaluation;
  // A second evaluation at the same step (e.g. an explicit evaluate()) replaces the first.
  const history = slice.history.filter((p) => p.step !== step);
  history.push({ step, epoch, loss, accuracy });
  history.sort((a, b) => a.step - b.step);
  return { latest: event.evaluation, model, history };
}

/** The latest test accuracy of `model`, the engine's current one; null until that model is tested. */
export function testedAccuracy(slice: EvaluationSlice, model: ModelSpec | null): number | null {
  return slice.latest && model !== null && slice.model === model ? slice.latest.accuracy : null;
}
