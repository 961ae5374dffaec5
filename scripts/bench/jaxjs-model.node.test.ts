// The jax-js peer's layouts, checked where they can go wrong: from Inkling's initial weights, one
// batch's loss and every parameter's gradient in jax-js (its cpu device) equal those of
// Inkling's reference engine, and one Adam step moves each weight as tf.train.adam would.
import { beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../src/base/random.ts';
import { buildGraph, initParams, initState, unpackWeights } from '../../src/model/graph.ts';
import { preset } from '../../src/model/presets.ts';
import { lossAndGradient } from '../../src/reference/network.ts';
import { inklingCnnInit } from './shared-init.ts';

type Jax = typeof import('@jax-js/jax');
type Model = typeof import('./jaxjs-model.ts');
let jax: Jax;
let model: Model;

beforeAll(async () => {
  // Node 20 has no Float16Array; jax-js tests `instanceof Float16Array` on every array it is given.
  (globalThis as { Float16Array?: unknown }).Float16Array ??= class Float16Array {};
  jax = await import('@jax-js/jax');
  model = await import('./jaxjs-model.ts');
  await jax.init('cpu');
  jax.defaultDevice('cpu');
});

const BATCH = 3;
const SEED = 1;

function batch(): { x: Float32Array; labels: Uint32Array; oneHot: Float32Array } {
  const r = rng(7);
  const x = Float32Array.from({ length: BATCH * 28 * 28 }, () => r());
  const labels = Uint32Array.from([3, 0, 9]);
  const oneHot = new Float32Array(BATCH * 10);
  labels.forEach((l, i) => (oneHot[i * 10 + l] = 1));
  return { x, labels, oneHot };
}

function maxRelError(a: Float32Array, b: Float32Array): number {
  const scale = b.reduce((s, x) => Math.max(s, Math.abs(x)), 1e-12);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  return worst;
}

describe("the jax-js seed cnn on Inkling's weights", () => {
  it("gives the reference engine's loss and gradients (NCHW, OIHW, (c, h, w) flatten)", async () => {
    const graph = buildGraph(preset('cnn'));
    const { x, labels, oneHot } = batch();
    const ref = lossAndGradient(graph, { params: initParams(graph, SEED), state: initState(graph) }, x, labels, BATCH);
    const refGrads = unpackWeights(graph, { params: ref.grads, state: initState(graph) });

    const { numpy: np, valueAndGrad } = jax;
    const p = model.cnnParams(inklingCnnInit(SEED));
    const [lossArr, grads] = valueAndGrad(model.loss)(p, np.array(x, { shape: [BATCH, 1, 28, 28] }), np.array(oneHot, { shape: [BATCH, 10] }));
    const jaxLoss = (await model.hostValues(lossArr))[0];
    expect(jaxLoss).toBeCloseTo(ref.loss, 5);
    const pairs = { conv: 'conv1.weight', convB: 'conv1.bias', d1: 'dense1.weight', d1B: 'dense1.bias', d2: 'dense2.weight', d2B: 'dense2.bias' } as const;
    for (const [key, name] of Object.entries(pairs)) {
      const g = (await model.hostValues(grads[key])) as Float32Array;
      expect(g).toHaveLength(refGrads[name].data.length);
      expect(maxRelError(g, refGrads[name].data), name).toBeLessThan(1e-4);
    }
    // jax-js's cpu device interprets each op in plain JS: seconds for one batch.
  }, 60_000);

  it('steps Adam as tf.train.adam does: bias-corrected, ε added to √v̂', async () => {
    const { numpy: np } = jax;
    const one = (v: number) => ({ conv: np.array([v]), convB: np.array([v]), d1: np.array([v]), d1B: np.array([v]), d2: np.array([v]), d2B: np.array([v]) });
    const [bc1, bc2] = model.biasCorrections(1);
    const [P, M, V] = model.adamUpdate(one(1), one(0.5), one(0), one(0), np.array(bc1), np.array(bc2));
    // t = 1: m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25; p = 1 − 1e-3 · 0.5 / (0.5 + 1e-7)
    expect((await model.hostValues(P.d1))[0]).toBeCloseTo(1 - (1e-3 * 0.5) / (0.5 + 1e-7), 7);
    expect((await model.hostValues(M.conv))[0]).toBeCloseTo(0.05, 7);
    expect((await model.hostValues(V.d2B))[0]).toBeCloseTo(0.00025, 9);
  });
});
