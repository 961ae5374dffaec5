import type { EngineEvent, Evaluation } from '../../worker/protocol';

/** One point of the test curve: the evaluation without its heavy parts. */
export interface EvaluationPoint {
  step: number;
  epoch: number;
  loss: number;
  accuracy: number;
}

export interface EvaluationSlice {
  latest: Evaluation | null;
  history: EvaluationPoint[];
}

export const initialEvaluation: EvaluationSlice = { latest: null, history: [] };

export function evaluationReduce(slice: EvaluationSlice, event: EngineEvent): EvaluationSlice {
  if (event.type !== 'evaluation') return slice;
  const { step, epoch, loss, accuracy } = event.evaluation;
  // A second evaluation at the same step (e.g. an explicit evaluate()) replaces the first.
  const history = slice.history.filter((p) => p.step !== step);
  history.push({ step, epoch, loss, accuracy });
  history.sort((a, b) => a.step - b.step);
  return { latest: event.evaluation, history };
}
