// testOutputs on a real device: a layer's outputs over the first test images, whole and reduced to
// each channel's maximum, against the reference engine's eval forward of the same images, for
// every layer of networks that hold every kind; a count that ends inside a batch, and one past the
// test set (clamped).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequentialIndices } from '../data/shuffle.ts';
import { channelLayout } from '../model/channels.ts';
import { buildGraph, initParams, initState } from '../model/graph.ts';
import { size } from '../model/shape.ts';
import { channelMax } from '../reference/channel-max.ts';
import { gather } from '../reference/gather.ts';
import { forward } from '../reference/network.ts';
import { assertClose } from '../testing/close.ts';
import { gpuBuffer, testGpu } from '../testing/gpu.ts';
import { EVERY_KIND, LSTM_STACK } from '../testing/specs.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { GpuDataset } from './dataset.ts';
import { EvalPlan } from './eval-plan.ts';
import { readTestOutputs } from './test-outputs.ts';

// f32 sums of up to a few hundred terms against the reference's, rounded per layer.
const TOL = { atol: 1e-4, rtol: 1e-3 };
// Past one evaluation batch (250), ending inside the second.
const TEST_COUNT = 260;

let data: GpuDataset;
const mnist = syntheticMnist(8, TEST_COUNT, 5);

beforeAll(async () => {
  data = GpuDataset.upload((await testGpu()).device, mnist);
});
afterAll(() => data.destroy());

describe('testOutputs on the GPU vs the reference engine', () => {
  it.each([EVERY_KIND, LSTM_STACK].map((m) => [m.name, m] as const))('%s', async (_name, model) => {
    const gpu = await testGpu();
    const graph = buildGraph(model);
    const w = { params: initParams(graph, 3), state: initState(graph) };
    const plan = await EvalPlan.build(gpu, graph, { params: gpuBuffer(gpu, w.params, 'params'), state: gpuBuffer(gpu, w.state, 'state') }, data.test);
    try {
      const shape = { batch: TEST_COUNT, pixels: 784, count: TEST_COUNT, width: 28 };
      const { x } = gather(mnist.test.images, mnist.test.labels, sequentialIndices(TEST_COUNT), 0, shape);
      const ref = forward(graph, w, x, TEST_COUNT, 'eval').acts;
      for (const l of graph.layers) {
        const whole = ref[l.index + 1];
        const n = 255;
        const got = await readTestOutputs(gpu, graph, plan, l.index, n, 'none');
        expect(got.length).toBe(n * size(l.output));
        assertClose(got, whole.subarray(0, n * size(l.output)), TOL, `${l.spec.name} outputs`);
        const maxima = await readTestOutputs(gpu, graph, plan, l.index, 10_000, 'channel-max');
        expect(maxima.length).toBe(TEST_COUNT * channelLayout(l.output).channels);
        assertClose(maxima, channelMax(whole, TEST_COUNT, l.output), TOL, `${l.spec.name} channel maxima`);
      }
      await expect(readTestOutputs(gpu, graph, plan, graph.layers.length, 1, 'none')).rejects.toThrow(/layer \d+ is not one of the network's/);
    } finally {
      plan.arena.destroy();
    }
  });
});
