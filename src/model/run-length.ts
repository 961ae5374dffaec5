// How long a run is, in steps and epochs: one formula for every backend and the worker.
import type { TrainConfig } from './config.ts';

/** Whole batches per epoch: the tail of the shuffled order that fills no batch is skipped. */
export function stepsPerEpoch(trainCount: number, batchSize: number): number {
  return Math.floor(trainCount / batchSize);
}

/** The run's steps: its epochs, or fewer when the config says so. */
export function totalSteps(config: TrainConfig, perEpoch: number): number {
  return Math.min(perEpoch * config.epochs, config.steps ?? Infinity);
}

/** The 1-based epoch in progress at `step`, at most the run's last. */
export function epochAt(step: number, perEpoch: number, epochs: number): number {
  return Math.min(epochs, Math.floor(step / perEpoch) + 1);
}
