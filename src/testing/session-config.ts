// A small run for the EngineSession tests on a real device to configure.
import { preset } from '../model/presets.ts';
import type { TrainConfig } from '../worker/protocol.ts';

/** The mlp preset at a small batch: quick steps on a software GPU. */
export const SESSION_TEST_CONFIG: TrainConfig = { model: preset('mlp'), optimizer: 'adam', learningRate: 1e-3, batchSize: 16, epochs: 1, seed: 1 };
