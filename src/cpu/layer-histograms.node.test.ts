// The CPU engine's layer histograms on a model being trained: one per layer with parameters,
// counts adding up to its parameter count and equal to the TypeScript binning of its packed
// weights and last gradients, and the update norm measured from the previous call's weights.
import { describe, expect, it } from 'vitest';
import { layerHistogramsOf, normOf, parameterRanges } from '../model/histogram.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { EVERY_KIND, LSTM_STACK } from '../testing/specs.ts';
import { ONE_THREAD } from './threads.ts';
import { CpuTrainer } from './trainer.ts';

describe('the CPU engine’s layer histograms', { timeout: 60_000 }, () => {
  it.each([EVERY_KIND, LSTM_STACK])('$name', async (model) => {
    const mnist = syntheticMnist(64, 8, 3);
    const t = await CpuTrainer.create(ONE_THREAD, mnist, { model, optimizer: 'adam', learningRate: 1e-2, batchSize: 8, epochs: 1, seed: 2 });
    await t.trainSteps(2);
    const before = t.packedState();
    const first = await t.layerHistograms(32);
    expect(first).toMatchObject({ step: 2, sinceStep: null });
    const layers = t.graph.layers.filter((l) => l.params.length > 0);
    expect(first.layers.map((l) => l.layer)).toEqual(layers.map((l) => l.index));
    expect(first.layers).toEqual(layerHistogramsOf(t.graph, { ...before, previous: null }, 32));
    first.layers.forEach((h, i) => {
      const size = layers[i].params.reduce((s, p) => s + p.length, 0);
      expect(h.weights.counts.reduce((a, b) => a + b, 0)).toBe(size);
      expect(h.gradients.counts.reduce((a, b) => a + b, 0)).toBe(size);
      // A step was taken: the gradients are not all zero.
      expect(h.gradients.max - h.gradients.min).toBeGreaterThan(0);
    });

    await t.trainSteps(3);
    const after = t.packedState();
    const next = await t.layerHistograms(32);
    expect(next).toMatchObject({ step: 5, sinceStep: 2 });
    parameterRanges(t.graph).forEach(({ ranges }, i) => {
      expect(next.layers[i].updateNorm).toBeCloseTo(normOf(after.params, ranges, before.params), 6);
      expect(next.layers[i].updateNorm).toBeGreaterThan(0);
    });
    await t.destroy();
  });
});
