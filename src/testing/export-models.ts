// Models for the export tests (src/export): networks of every kind with weights that exercise
// every tensor (batch norm's running statistics and scales away from 0 and 1), the test digits,
// and the reference engine's logits, the oracle every exported format is held to.
import { loadMnistSplitFromDisk } from '../data/mnist-node.ts';
import { buildGraph, initParams, initState, packWeights, unpackWeights, type NamedTensors } from '../model/graph.ts';
import { parseModelSpec, type ModelSpec } from '../model/spec.ts';
import { encodeModelFile, type Provenance } from '../model/weights-file.ts';
import { forward } from '../reference/network.ts';
import { randomF32 } from './random.ts';

/** A conv with an even kernel ('same' pads one more pixel after than before) read row by row by stacked LSTMs, with batch norm on the sequence. */
export const CONV_LSTM = parseModelSpec({
  name: 'conv-lstm',
  layers: [
    { kind: 'conv2d', filters: 1, kernel: 4, padding: 'same', activation: 'tanh' },
    { kind: 'lstm', units: 8, returnSequences: true },
    { kind: 'batchnorm', activation: 'sigmoid' },
    { kind: 'dropout', rate: 0.2 },
    { kind: 'lstm', units: 6 },
    { kind: 'dense', units: 10 },
  ],
});

export const UNTESTED: Provenance = {
  command: 'made by a test',
  epochs: 0,
  steps: 0,
  batch: 0,
  testAccuracy: Number.NaN,
  testLoss: Number.NaN,
  adapter: 'none',
};

/** Keras' initial weights, with batch norm's scales, shifts and running statistics drawn away from 1 and 0. */
export function weightsFor(spec: ModelSpec, seed = 1): NamedTensors {
  const g = buildGraph(spec);
  const w = unpackWeights(g, { params: initParams(g, seed), state: initState(g) });
  let salt = seed * 100;
  for (const [name, t] of Object.entries(w)) {
    const [lo, hi] = name.endsWith('.running_var') || name.endsWith('.gamma') ? [0.5, 1.5] : [-0.5, 0.5];
    if (/\.(gamma|beta|running_mean|running_var)$/.test(name)) t.data.set(randomF32(t.data.length, ++salt, lo, hi));
  }
  return w;
}

export function modelFileOf(spec: ModelSpec, weights: NamedTensors, provenance: Provenance = UNTESTED): ArrayBuffer {
  return encodeModelFile(weights, { spec, provenance }).buffer;
}

/** The first `count` test digits as [count, 1, 28, 28] floats in [0, 1], with their labels. */
export async function testDigits(count: number): Promise<{ x: Float32Array; labels: Uint8Array }> {
  const test = await loadMnistSplitFromDisk('test');
  const pixels = test.rows * test.cols;
  return { x: Float32Array.from(test.images.subarray(0, count * pixels), (v) => v / 255), labels: test.labels.slice(0, count) };
}

/** The reference engine's logits, [count, 10] flat, when reading. */
export function referenceLogits(spec: ModelSpec, weights: NamedTensors, x: Float32Array, count: number): Float32Array {
  const g = buildGraph(spec);
  const { acts } = forward(g, packWeights(g, weights), x, count, 'eval');
  return acts[acts.length - 1];
}

/** The largest |a − b| over two arrays of the same length. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i] - b[i]));
  return most;
}
