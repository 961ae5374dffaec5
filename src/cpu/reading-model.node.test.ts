// The CPU reading model against the reference engine: the test-set evaluation, a layer's
// outputs over the test set (whole and per-channel maxima, across the evaluation batch's edge),
// the inside view's saliency, Grad-CAM's activation and gradient at a middle layer, and the last
// step's gradients.
import { describe, expect, it } from 'vitest';
import { channelLayout, channelMaxima } from '../model/channels.ts';
import { size } from '../model/shape.ts';
import { preset } from '../model/presets.ts';
import type { ModelSpec } from '../model/spec.ts';
import { activationBackward } from '../reference/activation.ts';
import { argmaxOneHot } from '../reference/argmax-one-hot.ts';
import { refLayer } from '../reference/layers/index.ts';
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

  it("gives the saliency and Grad-CAM's activation and gradient of one image as the reference does", async () => {
    const { t, w, images } = await trained(EVERY_KIND);
    const image = images.subarray(784, 2 * 784);
    const ref = inputGradient(t.graph, w, image);
    const inside = await t.reading.inspect(image);
    expect(inside.predicted).toBe(ref.predicted);
    assertClose(inside.saliency, ref.grad, TOL, 'saliency');
    const layer = 3;
    for (const target of [null, 4]) {
      const cam = await t.reading.gradCam(image, layer, target);
      const chosen = target ?? ref.predicted;
      expect(cam.target).toBe(chosen);
      // The reference's backward from the one-hot of `chosen` down to the layer after `layer`.
      const { acts, saved } = forward(t.graph, w, image, 1, 'eval');
      let dy = argmaxOneHot(acts.at(-1)!, 1, 10).fill(0);
      dy[chosen] = 1;
      for (let i = t.graph.layers.length - 1; i > layer; i--) {
        const l = t.graph.layers[i];
        dy = activationBackward(dy, acts[i + 1], l.activation);
        const params = l.params.map((p) => w.params.subarray(p.offset, p.offset + p.length));
        const state = l.state.map((p) => w.state.subarray(p.offset, p.offset + p.length));
        const args = { spec: l.spec, layer: l, batch: 1, mode: 'eval' as const, x: acts[i], params, state, t: 1, seed: 0 };
        dy = refLayer(l.spec).backward({ ...args, y: acts[i + 1], saved: saved[i], dy, needDx: true }).dx!;
      }
      assertClose(cam.activation, acts[layer + 1], TOL, 'Grad-CAM activation');
      assertClose(cam.gradient, dy, TOL, `Grad-CAM gradient for class ${chosen}`);
    }
  });

  it("gives the last step's gradients by name, and none after the weights are set", async () => {
    const { t } = await trained(preset('mlp'));
    const grads = await t.lastGradients();
    const packed = t.packedState().grads;
    for (const p of t.graph.params) expect(grads![p.fullName].data).toEqual(packed.subarray(p.offset, p.offset + p.length));
    await t.reading.inspect(new Float32Array(784).fill(0.3));
    expect((await t.lastGradients())!['dense1.weight'].data).toEqual(grads!['dense1.weight'].data);
    t.setWeights(await t.getWeights());
    expect(await t.lastGradients()).toBeNull();
  });
});
