// The layer histograms go with the run: saved up to the checkpoint's step, read back by a new
// keeper (a reload), dropped past a rollback's step and by a new run.
import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../model/config.ts';
import { buildGraph, initParams, initState, unpackWeights } from '../../model/graph.ts';
import { parseModelSpec } from '../../model/spec.ts';
import { MemoryStore } from '../../testing/memory-store.ts';
import type { HistogramRidge } from '../protocol.ts';
import { RunKeeper } from './run-keeper.ts';

const CONFIG: TrainConfig = {
  model: parseModelSpec({ name: 'tiny', layers: [{ kind: 'dense', units: 10 }] }),
  optimizer: 'sgd',
  learningRate: 0.1,
  batchSize: 64,
  epochs: 3,
  seed: 1,
};

const ridge = (step: number): HistogramRidge => ({
  step,
  epoch: step / 100,
  sinceStep: step > 100 ? step - 100 : null,
  layers: [
    {
      layer: 0,
      name: 'dense1',
      weights: { min: -0.1, max: 0.1, counts: [1, 7840, 9] },
      gradients: { min: -1e-3, max: 2e-3, counts: [7000, 800, 50] },
      updateRatio: step > 100 ? 0.02 : null,
    },
  ],
});

function saveAt(keeper: RunKeeper, step: number): Promise<void> {
  const graph = buildGraph(CONFIG.model);
  const weights = unpackWeights(graph, { params: initParams(graph, 1), state: initState(graph) });
  const velocity = new Float32Array(graph.paramFloats);
  return keeper.save({
    config: CONFIG,
    label: null,
    epoch: 1,
    checkpoint: { step, optimizer: 'sgd', weights, moments: { velocity } },
    provenance: { command: 'test', epochs: 1, steps: step, batch: 64, testAccuracy: Number.NaN, testLoss: Number.NaN, adapter: 'none' },
  });
}

describe('the run keeper’s layer histograms', () => {
  it('are saved up to the checkpoint’s step and come back on a reload; a rollback and a new run drop them', async () => {
    const store = new MemoryStore();
    const keeper = new RunKeeper(store, () => undefined);
    for (const step of [100, 200, 300]) keeper.noteHistograms(ridge(step));
    await saveAt(keeper, 250);
    const saved = await new RunKeeper(store, () => undefined).load();
    expect(saved?.restored.histograms).toEqual([ridge(100), ridge(200)]);

    keeper.rollBack(150);
    await saveAt(keeper, 300);
    expect((await keeper.load())?.restored.histograms).toEqual([ridge(100)]);
    keeper.newRun();
    await saveAt(keeper, 300);
    expect((await keeper.load())?.restored.histograms).toEqual([]);
  });
});
