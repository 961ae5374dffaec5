// The histogram kernel through the GPU engine's layer histograms, on the packed layouts of
// networks of every kind (conv, batch norm, dense, LSTM): each layer's counts add up to its
// parameter count and equal the plain TypeScript binning of the same values exactly; the norms
// agree to float32 rounding, and the update norm is measured from the previous call's weights.
import { describe, expect, it } from 'vitest';
import { GpuLayerHistograms } from './layer-histograms.ts';
import { buildGraph } from '../model/graph.ts';
import { layerHistogramsOf, parameterRanges } from '../model/histogram.ts';
import { gpuBuffer, testGpu } from '../testing/gpu.ts';
import { randomF32 } from '../testing/random.ts';
import { EVERY_KIND, LSTM_STACK } from '../testing/specs.ts';

const BINS = 32;

describe('layer histograms on the GPU vs the TypeScript binning', () => {
  it.each([EVERY_KIND, LSTM_STACK])('$name', async (spec) => {
    const gpu = await testGpu();
    const graph = buildGraph(spec);
    // Gradients far smaller than the weights, and one layer of equal values (min = max) below.
    const params = randomF32(graph.paramFloats, 3, -0.5, 0.7);
    const grads = randomF32(graph.paramFloats, 4, -1e-3, 2e-3);
    const [, second] = parameterRanges(graph);
    for (const r of second.ranges) grads.fill(0.25, r.offset, r.offset + r.length);
    const paramBuffer = gpuBuffer(gpu, params);
    const histograms = new GpuLayerHistograms(gpu, graph, { params: paramBuffer, grads: gpuBuffer(gpu, grads) });

    const first = await histograms.read(5, BINS);
    const expected = layerHistogramsOf(graph, { params, grads, previous: null }, BINS);
    expect(first.sinceStep).toBeNull();
    expect(first.layers.map((l) => l.layer)).toEqual(expected.map((l) => l.layer));
    first.layers.forEach((got, i) => {
      const want = expected[i];
      const size = graph.layers[got.layer].params.reduce((s, p) => s + p.length, 0);
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      expect(sum(got.weights.counts), `layer ${got.layer} weights`).toBe(size);
      expect(sum(got.gradients.counts), `layer ${got.layer} gradients`).toBe(size);
      expect(got.weights, `layer ${got.layer} weights`).toEqual(want.weights);
      expect(got.gradients, `layer ${got.layer} gradients`).toEqual(want.gradients);
      expect(got.weightNorm).toBeCloseTo(want.weightNorm, 4);
      expect(got.updateNorm).toBeNull();
    });
    expect(first.layers[1].gradients.counts[0]).toBe(first.layers[1].gradients.counts.reduce((a, b) => a + b, 0));

    // A step moves the weights: the next call measures the change from the weights the first one saw.
    const moved = params.map((w, i) => w + (i % 3 === 0 ? 0.01 : -0.002));
    gpu.device.queue.writeBuffer(paramBuffer, 0, moved);
    const next = await histograms.read(9, BINS);
    const want = layerHistogramsOf(graph, { params: moved, grads, previous: params }, BINS);
    expect(next.sinceStep).toBe(5);
    next.layers.forEach((got, i) => {
      expect(got.weights).toEqual(want[i].weights);
      expect(got.updateNorm! / want[i].updateNorm!).toBeCloseTo(1, 3);
    });
    histograms.destroy();
  });
});
