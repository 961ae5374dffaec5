// Leaving the page asks for confirmation only when it would lose training: the worker saves the
// run at every pause and epoch's end and every ~10 s while training, and a reopened page resumes
// from the last save. So it asks when saving fails, or when a stopped run's last state has not
// landed yet; a run still training and being saved loses at most the seconds since its last save,
// which the autosave is there to bound, and does not ask.
import type { TrainState } from '../../worker/protocol';
import { useInkling } from '../core/store';

export interface LeaveState {
  state: TrainState | null;
  step: number;
  savedStep: number | null;
  problem: string | null;
}

export function progressAtRisk({ state, step, savedStep, problem }: LeaveState): boolean {
  // Nothing trained: the model in use came from a file or the shipped reader, which a reload brings back.
  if (step === 0 || state === null || state === 'loading') return false;
  if (state === 'training') return problem !== null;
  return savedStep !== step;
}

export function installLeaveGuard(): void {
  window.addEventListener('beforeunload', (event) => {
    const { training, persistence } = useInkling.getState();
    const risk = progressAtRisk({
      state: training.progress?.state ?? null,
      step: training.progress?.step ?? 0,
      savedStep: persistence.savedStep,
      problem: persistence.problem,
    });
    if (risk) event.preventDefault();
  });
}
