// The loop of a fine-tune, whichever engine trains it: one pass of the set in chunks of steps,
// progress between chunks, a diverged loss refused (the model in use is untouched), the trained
// weights given back. Each backend makes the throwaway model over the set and frees it after.
import type { FineTuneOptions, TrainingModel } from './engine.ts';
import type { NamedTensors } from './graph.ts';
import type { TrainConfig } from './config.ts';

/** One epoch: the set was mixed to be seen once, its repeats are already in it. */
export function fineTuneConfig(options: FineTuneOptions): TrainConfig {
  return { ...options.config, epochs: 1, steps: undefined };
}

/** Trains `model` to its end; `lastLoss` gives the latest step's loss (from the model's metrics hook). */
export async function fineTuneLoop(model: TrainingModel, options: FineTuneOptions, lastLoss: () => number): Promise<NamedTensors> {
  while (!model.done) {
    await model.trainSteps(options.chunk ?? 4);
    if (model.takeDivergence()) throw new Error(`the loss became ${lastLoss()} while fine-tuning; the model is unchanged`);
    options.onStep?.(model.stepsDone, model.totalSteps, lastLoss());
  }
  return model.getWeights();
}
