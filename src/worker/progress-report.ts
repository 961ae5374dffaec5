// The progress event's figures, read off the model in use (or none while a model is being built).
import type { TrainConfig } from '../model/config.ts';
import type { TrainingModel } from '../model/engine.ts';
import type { Progress, TrainState } from './protocol.ts';

export type ProgressSource = Pick<TrainingModel, 'epoch' | 'stepsDone' | 'totalSteps' | 'stepsPerEpoch' | 'samplesPerSecond' | 'learningRateAt'>;

export function progressReport(state: TrainState, t: ProgressSource | null, config: TrainConfig): Progress {
  const speed = t?.samplesPerSecond ?? 0;
  return {
    state,
    epoch: t?.epoch ?? 1,
    epochs: config.epochs,
    step: t?.stepsDone ?? 0,
    totalSteps: t?.totalSteps ?? 0,
    stepsPerEpoch: t?.stepsPerEpoch ?? 0,
    // The last measured speed means nothing once training stops; the ETA still reads at that pace.
    samplesPerSecond: state === 'training' ? speed : 0,
    etaSeconds: t && speed > 0 ? ((t.totalSteps - t.stepsDone) * config.batchSize) / speed : 0,
    learningRate: t?.learningRateAt() ?? config.learningRate,
  };
}
