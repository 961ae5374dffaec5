// The histogram kernel through the GPU engine's layer histograms, on the packed layouts of
// networks of every kind (conv, batch norm, dense, LSTM): each layer's counts add up to its
// parameter count and equal the plain TypeScript binning of the same values exactly; the norms
// agree to float32 rounding, and the update norm is measured from the previous call's weights.
import { describe, expect, it } from 'vitest';
import { GpuDataset } from './dataset.ts';
import { GpuLayerHistograms } from './layer-histograms.ts';
import { Trainer } from './trainer.ts';
import { buildGraph, packWeights } from '../model/graph.ts';
import { parseModelSpec } from '../model/spec.ts';
import { histogramOf, layerHistogramsOf, normOf, parameterRanges } from '../model/histogram.ts';
import { gpuBuffer, testGpu } from '../testing/gpu.ts';
import { randomF32 } from '../testing/random.ts';
import { EVERY_KIND, LSTM_STACK } from '../testing/specs.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';

const BINS = 32;
/** A conv, a batch norm and a dense layer: few pipelines to compile for a whole step. */
const SMALL = parseModelSpec({
  name: 'small',
  layers: [
    { kind: 'conv2d', filters: 4, kernel: 3, bias: false },
    { kind: 'batchnorm', activation: 'relu' },
    { kind: 'maxpool', size: 2 },
    { kind: 'dense', units: 10 },
  ],
});

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

describe('the GPU trainer’s layer histograms', () => {
  it('bin the weights it trains and the gradients of its last step, and measure the update between calls', async () => {
    const gpu = await testGpu();
    const data = GpuDataset.upload(gpu.device, syntheticMnist(64, 8, 5));
    const t = await Trainer.create(gpu, data, { model: SMALL, optimizer: 'adam', learningRate: 1e-2, batchSize: 8, epochs: 1, seed: 3 });
    try {
      await t.trainSteps(2);
      const first = await t.layerHistograms(BINS);
      const before = packWeights(t.graph, await t.getWeights()).params;
      expect(first).toMatchObject({ step: 2, sinceStep: null });
      parameterRanges(t.graph).forEach(({ layer, ranges }, i) => {
        const got = first.layers[i];
        expect(got.layer).toBe(layer);
        expect(got.weights, `layer ${layer} weights`).toEqual(histogramOf(before, ranges, BINS));
        const size = ranges.reduce((s, r) => s + r.length, 0);
        expect(got.gradients.counts.reduce((a, b) => a + b, 0)).toBe(size);
        expect(got.gradients.max - got.gradients.min, `layer ${layer}: a step's gradients`).toBeGreaterThan(0);
      });
      await t.trainSteps(2);
      const next = await t.layerHistograms(BINS);
      const after = packWeights(t.graph, await t.getWeights()).params;
      expect(next).toMatchObject({ step: 4, sinceStep: 2 });
      parameterRanges(t.graph).forEach(({ ranges }, i) => {
        expect(next.layers[i].updateNorm! / normOf(after, ranges, before)).toBeCloseTo(1, 3);
        expect(next.layers[i].weightNorm / normOf(after, ranges)).toBeCloseTo(1, 4);
      });
    } finally {
      await t.destroy();
      data.destroy();
    }
  });
});
