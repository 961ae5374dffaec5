import type { EngineEvent, Progress, TrainState } from '../../worker/protocol';

export interface TrainingSlice {
  progress: Progress | null;
  /** A command is on its way to the worker; buttons wait for it. */
  pending: boolean;
  /** Pause was clicked and training has not stopped yet: said at once, since the steps already queued on the device must land first. */
  pausing: boolean;
}

export const initialTraining: TrainingSlice = { progress: null, pending: false, pausing: false };

export function trainingReduce(slice: TrainingSlice, event: EngineEvent): TrainingSlice {
  if (event.type === 'progress') return { ...slice, progress: event.progress, pausing: slice.pausing && event.progress.state === 'training' };
  return slice;
}

const STATE_LABEL = {
  loading: 'Loading',
  idle: 'Ready',
  training: 'Training',
  paused: 'Paused',
  done: 'Done',
  failed: 'Stopped',
} as const;

/** The status the progress panel shows. */
export function trainStatus(state: TrainState, pausing: boolean): string {
  return state === 'training' && pausing ? 'Pausing…' : STATE_LABEL[state];
}
