// Shared by the EngineSession tests on a real device: a small run to configure, and (from
// src/testing/until.ts) a wait on the events a session emits.
import { preset } from '../model/presets.ts';
import type { TrainConfig } from './protocol.ts';

/** The mlp preset at a small batch: quick steps on a software GPU. */
export const SESSION_TEST_CONFIG: TrainConfig = { model: preset('mlp'), optimizer: 'adam', learningRate: 1e-3, batchSize: 16, epochs: 1, seed: 1 };

export { until } from '../testing/until.ts';
