import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING, type TrainConfig } from '../model/config.ts';
import { preset } from '../model/presets.ts';
import { progressReport, type ProgressSource } from './progress-report.ts';

const config: TrainConfig = { ...DEFAULT_TRAINING, epochs: 2, batchSize: 50, learningRate: 0.01, model: preset('cnn') };

function trainer(over: Partial<ProgressSource> = {}): ProgressSource {
  return {
    epoch: 2,
    stepsDone: 1500,
    totalSteps: 2400,
    stepsPerEpoch: 1200,
    samplesPerSecond: 300,
    learningRateAt: () => 0.005,
    ...over,
  };
}

describe('progressReport', () => {
  it("reads the position, speed and the next step's rate off the trainer", () => {
    expect(progressReport('training', trainer(), config)).toEqual({
      state: 'training',
      epoch: 2,
      epochs: 2,
      step: 1500,
      totalSteps: 2400,
      stepsPerEpoch: 1200,
      samplesPerSecond: 300,
      // 900 steps of 50 samples at 300 samples/s
      etaSeconds: 150,
      learningRate: 0.005,
    });
  });

  it('shows no speed once training stops, but keeps the ETA at the last pace', () => {
    const p = progressReport('paused', trainer(), config);
    expect(p.samplesPerSecond).toBe(0);
    expect(p.etaSeconds).toBe(150);
  });

  it('gives no ETA before a speed is measured', () => {
    expect(progressReport('training', trainer({ samplesPerSecond: 0 }), config).etaSeconds).toBe(0);
  });

  it('reads the config alone while no trainer is built', () => {
    expect(progressReport('loading', null, config)).toEqual({
      state: 'loading',
      epoch: 1,
      epochs: 2,
      step: 0,
      totalSteps: 0,
      stepsPerEpoch: 0,
      samplesPerSecond: 0,
      etaSeconds: 0,
      learningRate: 0.01,
    });
  });
});
