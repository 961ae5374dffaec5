// The TF.js peer's models, checked where a layout can go wrong: from Inkling's initial weights,
// one batch's loss and every parameter's gradient in TF.js (its cpu backend, the same model
// code the bench runs on WebGPU and WebGL) equal those of Inkling's reference engine. For the
// rnn this pins the Keras gate order, the weights' shapes and the sigmoid on the gates.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../src/base/random.ts';
import { buildGraph, initParams, initState, unpackWeights } from '../../src/model/graph.ts';
import { preset } from '../../src/model/presets.ts';
import { lossAndGradient } from '../../src/reference/network.ts';
import { filtersToHwio, inklingRnnInit, rowsChwToHwc } from './shared-init.ts';
import { tfjsModel } from './tfjs-model.ts';

const BATCH = 3;
const SEED = 1;
/** About a second each on a quiet machine, in plain JS on both sides; far more beside a full suite on 2 cores. */
const COMPARE_TIMEOUT_MS = 60_000;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function batch(): { x: Float32Array; labels: Uint32Array } {
  const r = rng(7);
  return { x: Float32Array.from({ length: BATCH * 28 * 28 }, () => r()), labels: Uint32Array.from([3, 0, 9]) };
}

function maxRelError(a: Float32Array, b: Float32Array): number {
  const scale = b.reduce((s, v) => Math.max(s, Math.abs(v)), 1e-12);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  return worst;
}

type Layout = (grad: Float32Array) => Float32Array;

/**
 * TF.js's loss and gradients against the reference's: the variables in the order of `names`
 * (Inkling's), each reference gradient moved to TF.js's layout where `layouts` says how.
 */
function compare(model: string, names: string[], layouts: Record<string, Layout> = {}, smoothing = 0): void {
  const spec = preset(model);
  const graph = buildGraph(spec);
  const { x, labels } = batch();
  const ref = lossAndGradient(graph, { params: initParams(graph, SEED), state: initState(graph) }, x, labels, BATCH, undefined, smoothing);
  const refGrads = unpackWeights(graph, { params: ref.grads, state: initState(graph) });

  const m = tfjsModel(spec, SEED);
  try {
    const images = tf.tensor4d(x, [BATCH, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), 10);
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, m.logits(images), undefined, smoothing), m.variables);
    expect(value.dataSync()[0]).toBeCloseTo(ref.loss, 5);
    expect(m.variables).toHaveLength(names.length);
    m.variables.forEach((v, i) => {
      const g = grads[v.name].dataSync() as Float32Array;
      const want = (layouts[names[i]] ?? ((a: Float32Array) => a))(refGrads[names[i]].data);
      expect(g, names[i]).toHaveLength(want.length);
      expect(maxRelError(g, want), names[i]).toBeLessThan(1e-4);
    });
    tf.dispose([images, y, value, ...Object.values(grads)]);
  } finally {
    m.dispose();
  }
}

const CNN_NAMES = ['conv1.weight', 'conv1.bias', 'dense1.weight', 'dense1.bias', 'dense2.weight', 'dense2.bias'];
const CNN_LAYOUTS: Record<string, Layout> = {
  'conv1.weight': (g) => filtersToHwio(g, 32, 1, 3),
  'dense1.weight': (g) => rowsChwToHwc(g, 32, 13, 13, 128),
};

describe("the TF.js models on Inkling's weights", () => {
  it(
    "the rnn: tf.layers.lstm gives the reference engine's loss and gradients (kernel, recurrent kernel, bias in i, f, g, o)",
    () => {
      // Keras' layout is Inkling's: no gradient is moved.
      compare('rnn', ['lstm1.weight', 'lstm1.recurrent_weight', 'lstm1.bias', 'dense1.weight', 'dense1.bias']);
    },
    COMPARE_TIMEOUT_MS,
  );

  it(
    "the seed cnn: NHWC, HWIO and the (h, w, c) flatten give the reference engine's loss and gradients",
    () => {
      compare('cnn', CNN_NAMES, CNN_LAYOUTS);
    },
    COMPARE_TIMEOUT_MS,
  );

  it(
    "the seed cnn with label smoothing 0.2: TF.js's labelSmoothing gives the reference engine's loss and gradients",
    () => {
      compare('cnn', CNN_NAMES, CNN_LAYOUTS, 0.2);
    },
    COMPARE_TIMEOUT_MS,
  );

  it("starts the lstm from Inkling's unit forget bias and leaves no tensor behind", () => {
    const before = tf.memory().numTensors;
    const m = tfjsModel(preset('rnn'), SEED);
    const bias = m.variables[2].dataSync();
    expect(Array.from(bias)).toEqual(Array.from(inklingRnnInit(SEED).bias));
    expect(Array.from(bias.subarray(128, 256)).every((v) => v === 1)).toBe(true);
    expect(Array.from(bias.subarray(0, 128)).every((v) => v === 0)).toBe(true);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a model the peers do not build', () => {
    expect(() => tfjsModel(preset('cnn-bn'), SEED)).toThrow(/TF.js builds the cnn and rnn presets only, not cnn-bn/);
  });
});
