// Learning-rate schedules: the rate of each step is the set rate times a factor of the step's
// place in the run. The trainer writes it into the step's uniform slot, so a schedule costs
// nothing on the GPU, and a rate set live (the UI's field) is scheduled from then on.
import type { ScheduleName } from './config.ts';

/** Anneal holds the rate for this fraction of the run, then lowers it linearly to 0. */
export const ANNEAL_START = 0.75;

/**
 * One-cycle, as PyTorch's OneCycleLR with its defaults: the rate climbs from 1/25 of the set
 * (peak) rate to the peak over the first 30% of the run and falls to 1/250000 of it by the end,
 * both halves along a cosine. The warm-up lets a peak higher than a held rate train stably.
 */
export const ONE_CYCLE = { rise: 0.3, startFactor: 1 / 25, endFactor: 1 / 25 / 1e4 } as const;

/** A cosine from `from` at t = 0 to `to` at t = 1. */
function cosineBetween(from: number, to: number, t: number): number {
  return to + ((from - to) * (1 + Math.cos(Math.PI * t))) / 2;
}

/**
 * The factor for 0-based step `step` of `totalSteps`: 1 for constant; cosine falls from 1 towards
 * 0 over the whole run; anneal stays at 1, then falls linearly over the last quarter. A short run
 * is still mostly learning, so anneal keeps its pace and lowers the noise only at the end.
 * One-cycle warms up to 1 and cools to near 0 (ONE_CYCLE).
 */
export function scheduleFactor(schedule: ScheduleName, step: number, totalSteps: number): number {
  if (schedule === 'constant' || totalSteps <= 1) return 1;
  const progress = Math.min(1, Math.max(0, step / totalSteps));
  if (schedule === 'cosine') return cosineBetween(1, 0, progress);
  if (schedule === 'onecycle') {
    const { rise, startFactor, endFactor } = ONE_CYCLE;
    return progress < rise ? cosineBetween(startFactor, 1, progress / rise) : cosineBetween(1, endFactor, (progress - rise) / (1 - rise));
  }
  return progress <= ANNEAL_START ? 1 : (1 - progress) / (1 - ANNEAL_START);
}
