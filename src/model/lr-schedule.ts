// Learning-rate schedules: the rate of each step is the set rate times a factor of the step's
// place in the run. The trainer writes it into the step's uniform slot, so a schedule costs
// nothing on the GPU, and a rate set live (the UI's field) is scheduled from then on.
import type { ScheduleName } from './config.ts';

/** Anneal holds the rate for this fraction of the run, then lowers it linearly to 0. */
export const ANNEAL_START = 0.75;

/**
 * The factor for 0-based step `step` of `totalSteps`: 1 for constant; cosine falls from 1 towards
 * 0 over the whole run; anneal stays at 1, then falls linearly over the last quarter. A short run
 * is still mostly learning, so anneal keeps its pace and lowers the noise only at the end.
 */
export function scheduleFactor(schedule: ScheduleName, step: number, totalSteps: number): number {
  if (schedule === 'constant' || totalSteps <= 1) return 1;
  const progress = Math.min(1, Math.max(0, step / totalSteps));
  if (schedule === 'cosine') return 0.5 * (1 + Math.cos(Math.PI * progress));
  return progress <= ANNEAL_START ? 1 : (1 - progress) / (1 - ANNEAL_START);
}
