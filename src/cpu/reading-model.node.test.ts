// The CPU reading model against the reference engine: the test-set evaluation, a layer's
// outputs over the test set (whole and per-channel maxima, across the evaluation batch's edge),
// and the inside view's saliency and Grad-CAM.
import { describe, expect, it } from 'vitest';
import { channelLayout, channelMaxima } from '../model/channels.ts';
import { size } from '../model/shape.ts';
import type { ModelSpec } from '../model/spec.ts';
import { forward, inputGradient } from '../reference/network.ts';
import { softmaxEvaluate } from '../reference/softmax-xent.ts';
import { assertClose } from '../testing/close.ts';
import { EVERY_KIND } from '../testing/specs.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { ONE_THREAD } from './threads.ts';
import { CpuTrainer } from './trainer.ts';

const TOL = { atol: 1e-4, rtol: 1e-3 };
const COUNT = 130;

async function trained(model: ModelSpec) {
  const mnist = syntheticMnist(64, COUNT, 8);
  const t = await CpuTrainer.create(ONE_THREAD, mnist, { model, optimizer: 'adam', learningRate: 1e-2, batchSize: 8, epochs: 1, seed: 2 });
  // A few steps: running statistics and weights away from their initial values.
  await t.trainSteps(3);
  const { params, state } = t.packedState();
  const images = Float32Array.from(mnist.test.images, (v) => v / 255);
  return { t, mnist, w: { params, state }, images };
}

describe('the CPU reading model', { timeout: 120_000 }, () => {
  it('evaluates the test set, and gives any layer its outputs over it, whole or as channel maxima, as the reference does', async () => {
    const { t, mnist, w, images } = await trained(EVERY_KIND);
    const ref = forward(t.graph, w, images, COUNT, 'eval');
    const into = { losses: new Float32Array(COUNT), predictions: new Uint32Array(COUNT) };
    softmaxEvaluate(ref.acts.at(-1)!, Uint32Array.from(mnist.test.labels), 0, { batch: COUNT, classes: 10 }, into);
    const got = await t.reading.evaluate();
    assertClose(got.losses, into.losses, TOL, 'per-image losses');
    expect(Array.from(got.predictions)).toEqual(Array.from(into.predictions));
    for (const layer of [0, 3, t.graph.layers.length - 2]) {
      const expected = ref.acts[layer + 1];
      assertClose(await t.reading.testOutputs(layer, COUNT, 'none'), expected, TOL, `layer ${layer} outputs`);
      const shape = t.graph.layers[layer].output;
      const lay = channelLayout(shape);
      const maxima = new Float32Array(COUNT * lay.channels);
      for (let i = 0; i < COUNT; i++) channelMaxima(expected, lay, i * size(shape), maxima.subarray(i * lay.channels, (i + 1) * lay.channels));
      assertClose(await t.reading.testOutputs(layer, COUNT, 'channel-max'), maxima, TOL, `layer ${layer} channel maxima`);
    }
    await expect(t.reading.testOutputs(99, 5, 'none')).rejects.toThrow(/layer 99 is not a layer of every-kind/);
  });

  it('gives the saliency and Grad-CAM of one image, for the predicted class or a chosen one, as the reference does', async () => {
    const { t, w, images } = await trained(EVERY_KIND);
    const image = images.subarray(784, 2 * 784);
    const ref = inputGradient(t.graph, w, image);
    const inside = await t.reading.inspect(image);
    expect(inside.predicted).toBe(ref.predicted);
    assertClose(inside.saliency, ref.grad, TOL, 'saliency');
    expect(inside.gradCam?.layer).toBe(ref.gradCam?.layer);
    assertClose(inside.gradCam!.map, ref.gradCam!.map, TOL, 'Grad-CAM at the default layer');
    // Another class, at a batch norm whose ReLU the backward undoes after Grad-CAM reads its gradient.
    const request = { target: (ref.predicted + 1) % 10, layer: 1 };
    const chosen = inputGradient(t.graph, w, image, request);
    const other = await t.reading.inspect(image, request);
    expect([other.predicted, other.explained, other.gradCam?.layer]).toEqual([ref.predicted, request.target, 1]);
    assertClose(other.saliency, chosen.grad, TOL, 'saliency of the chosen class');
    assertClose(other.gradCam!.map, chosen.gradCam!.map, TOL, 'Grad-CAM of the chosen class and layer');
    for (const r of [ref, chosen]) expect(r.gradCam!.map.some((v) => v > 0)).toBe(true);
  });
});
