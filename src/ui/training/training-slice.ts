import type { EngineEvent, Progress } from '../../worker/protocol';

export interface TrainingSlice {
  progress: Progress | null;
  /** A command is on its way to the worker; buttons wait for it. */
  pending: boolean;
}

export const initialTraining: TrainingSlice = { progress: null, pending: false };

export function trainingReduce(slice: TrainingSlice, event: EngineEvent): TrainingSlice {
  if (event.type === 'progress') return { ...slice, progress: event.progress };
  return slice;
}
