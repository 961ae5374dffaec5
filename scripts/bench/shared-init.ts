// The peers start from Inkling's exact initial weights (same seed, same Glorot draw), so that after
// the same steps on the same batches they should reach nearly the same accuracy: a speed ratio
// that came from skipped work would show up as a gap. Only the layouts differ: Inkling is NCHW
// with filters [outC, inC, kH, kW]; TF.js is NHWC with filters [kH, kW, inC, outC], so the first
// dense layer's rows (one per flattened input) are reordered from (c, h, w) to (h, w, c). jax-js
// is NCHW/OIHW like Inkling and takes the weights as they are. Inkling's lstm was laid out as
// Keras' from the start (kernel [in, 4H], recurrent kernel [H, 4H], bias [4H], gates i, f, g, o;
// src/model/kinds/lstm.ts), so the rnn's weights go to tf.layers.lstm unchanged.
import { buildGraph, initParams, initState, unpackWeights, type NamedTensors } from '../../src/model/graph.ts';
import { preset } from '../../src/model/presets.ts';

/** The seed cnn's weights by role; the layout is the consumer's (see each producer). */
export interface CnnWeights {
  conv: Float32Array;
  convB: Float32Array;
  d1: Float32Array;
  d1B: Float32Array;
  d2: Float32Array;
  d2B: Float32Array;
}

/** The rnn preset's weights by role, in Inkling's layout, which is also Keras' and TF.js's. */
export interface RnnWeights {
  /** [28 features, 4·128], gates i, f, g, o. */
  kernel: Float32Array;
  /** [128, 4·128]. */
  recurrent: Float32Array;
  /** [4·128]: zeros, the forget gate's quarter ones (unit-forget-bias). */
  bias: Float32Array;
  /** [128, 10]. */
  dense: Float32Array;
  denseB: Float32Array;
}

/** [outC, inC, k, k] → [k, k, inC, outC]. */
export function filtersToHwio(w: Float32Array, outC: number, inC: number, k: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let o = 0; o < outC; o++)
    for (let i = 0; i < inC; i++)
      for (let y = 0; y < k; y++) for (let x = 0; x < k; x++) out[((y * k + x) * inC + i) * outC + o] = w[((o * inC + i) * k + y) * k + x];
  return out;
}

/** Dense weights [c·h·w, units] whose rows follow a (c, h, w) flatten, reordered for (h, w, c). */
export function rowsChwToHwc(w: Float32Array, c: number, h: number, wd: number, units: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let ch = 0; ch < c; ch++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < wd; x++) {
        const from = ((ch * h + y) * wd + x) * units;
        const to = ((y * wd + x) * c + ch) * units;
        out.set(w.subarray(from, from + units), to);
      }
  return out;
}

/** A preset's seeded initial parameters, by name ("conv1.weight"), as Inkling draws them. */
function initialParams(model: string, seed: number): (name: string) => Float32Array {
  const graph = buildGraph(preset(model));
  const named: NamedTensors = unpackWeights(graph, { params: initParams(graph, seed), state: initState(graph) });
  return (name) => {
    const p = named[name];
    if (!p) throw new Error(`Inkling's ${model} has no parameter "${name}"`);
    return p.data;
  };
}

/** Inkling's initial weights in its own layout: conv [32, 1, 3, 3] (OIHW), dense [in, units] with rows in (c, h, w) order. */
export function inklingCnnInit(seed: number): CnnWeights {
  const take = initialParams('cnn', seed);
  return {
    conv: take('conv1.weight'),
    convB: take('conv1.bias'),
    d1: take('dense1.weight'),
    d1B: take('dense1.bias'),
    d2: take('dense2.weight'),
    d2B: take('dense2.bias'),
  };
}

/** The same weights for TF.js: filters [3, 3, 1, 32] (HWIO), dense rows in (h, w, c) order. */
export function inklingCnnInitForTfjs(seed: number): CnnWeights {
  const w = inklingCnnInit(seed);
  return { ...w, conv: filtersToHwio(w.conv, 32, 1, 3), d1: rowsChwToHwc(w.d1, 32, 13, 13, 128) };
}

/** The rnn preset's initial weights, for TF.js as they are (see the top of this file). */
export function inklingRnnInit(seed: number): RnnWeights {
  const take = initialParams('rnn', seed);
  return {
    kernel: take('lstm1.weight'),
    recurrent: take('lstm1.recurrent_weight'),
    bias: take('lstm1.bias'),
    dense: take('dense1.weight'),
    denseB: take('dense1.bias'),
  };
}
