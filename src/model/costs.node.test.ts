import { describe, expect, it } from 'vitest';
import { estimateImagesPerSecond, layerCosts, networkCost } from './costs.ts';
import { buildGraph, resolveLayers } from './graph.ts';
import { preset } from './presets.ts';
import { parseModelSpec } from './spec.ts';

describe('network costs', () => {
  it('the seed cnn, counted by hand', () => {
    const cost = networkCost(buildGraph(preset('cnn')));
    // conv 32×(3·3·1) + 32, pool none, dense 5,408 × 128 + 128, dense 128 × 10 + 10.
    expect(cost.layers.map((l) => l.params)).toEqual([320, 0, 5408 * 128 + 128, 1290]);
    expect(cost.params).toBe(5408 * 128 + 128 + 1290 + 320);
    expect(cost.layers.map((l) => l.output)).toEqual([[32, 26, 26], [32, 13, 13], [128], [10]]);
    // Forward, 2 FLOPs per multiply-add: conv 26·26·32·9 MACs, dense 5,408·128, dense 128·10.
    const conv = 2 * 26 * 26 * 32 * 9;
    const dense1 = 2 * 5408 * 128;
    const dense2 = 2 * 128 * 10;
    expect(cost.forwardFlops).toBe(conv + dense1 + dense2);
    // Training: the conv adds its weight gradient only (no input gradient for the first layer);
    // each dense adds its weight and input gradients.
    expect(cost.layers.map((l) => l.trainingFlops)).toEqual([2 * conv, 0, 3 * dense1, 3 * dense2]);
    expect(cost.trainingFlops).toBe(4_939_776);
    expect((cost.trainingFlops / 1e6).toFixed(2)).toBe('4.94');
  });
  it('a tiny mlp: 784·32 + 32 + 32·10 + 10 parameters', () => {
    const cost = networkCost(
      buildGraph(
        parseModelSpec({
          layers: [
            { kind: 'dense', units: 32, activation: 'relu' },
            { kind: 'dense', units: 10 },
          ],
        }),
      ),
    );
    expect(cost.params).toBe(784 * 32 + 32 + 330);
    expect(cost.trainingFlops).toBe(2 * 2 * 784 * 32 + 3 * 2 * 32 * 10);
  });
  it('a network that fails further on: the layers before the problem resolve and cost what they do', () => {
    const spec = parseModelSpec({ layers: [{ kind: 'conv2d', filters: 8, kernel: 3 }, { kind: 'dense', units: 10 }, { kind: 'maxpool' }] });
    const resolved = resolveLayers(spec);
    expect(resolved.error?.message).toMatch(/^layer 3 \(pool1, maxpool\): maxpool needs a \[channels, height, width\] input/);
    expect(resolved.error?.layer).toBe(2);
    expect(layerCosts(resolved.layers).map((c) => c.params)).toEqual([80, 8 * 26 * 26 * 10 + 10]);
    expect(() => buildGraph(spec)).toThrow(resolved.error!.message);
  });
  it('images/s scale with FLOPs from a measured run; nothing measured, no estimate', () => {
    expect(estimateImagesPerSecond({ samplesPerSecond: 1000, flopsPerSample: 4e6 }, 2e6)).toBe(2000);
    expect(estimateImagesPerSecond({ samplesPerSecond: 0, flopsPerSample: 4e6 }, 2e6)).toBeNull();
    expect(estimateImagesPerSecond({ samplesPerSecond: 1000, flopsPerSample: 4e6 }, 0)).toBeNull();
  });
});
