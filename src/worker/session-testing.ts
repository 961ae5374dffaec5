// Shared by the EngineSession tests on a real device: a small run to configure, and a wait on
// the events a session emits.
import { preset } from '../model/presets.ts';
import type { TrainConfig } from './protocol.ts';

/** The mlp preset at a small batch: quick steps on a software GPU. */
export const SESSION_TEST_CONFIG: TrainConfig = { model: preset('mlp'), optimizer: 'adam', learningRate: 1e-3, batchSize: 16, epochs: 1, seed: 1 };

/** Polls `check` until it holds, or fails naming `what`. */
export async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
