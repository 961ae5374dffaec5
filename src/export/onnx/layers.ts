// Each layer kind as ONNX operators. The value between layers is always [N, ...the layer's output
// shape] (a global pool is flattened to [N, C]), so a layer reads its input as Inkling lays it out.
import type { Activation } from '../../model/activation.ts';
import type { GraphLayer, NamedTensors } from '../../model/graph.ts';
import { conv2dGeometry } from '../../model/geometry.ts';
import type { GraphBuilder } from './graph-builder.ts';

const ACTIVATION_OPS: Record<Activation, string | null> = { none: null, relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid' };

function activate(g: GraphBuilder, x: string, a: Activation): string {
  const op = ACTIVATION_OPS[a];
  return op ? g.op(op, [x]) : x;
}

/** An Inkling tensor as an initializer under its own name ("conv1.weight"), in its own layout. */
function param(g: GraphBuilder, w: NamedTensors, name: string): string {
  const t = w[name];
  return g.floats(name, t.shape, t.data);
}

/** Inkling's LSTM gates run i, f, g, o along 4·units; ONNX's run i, o, f, c: the source block of each ONNX block. */
const ONNX_GATE_FROM = [0, 3, 1, 2];

/** [features, 4H] (x·W) as ONNX's [1, 4H, features] (W·x), gates reordered. */
function lstmMatrix(t: { shape: number[]; data: Float32Array }, units: number): Float32Array {
  const [rows, cols] = t.shape;
  const out = new Float32Array(rows * cols);
  for (let block = 0; block < 4; block++) {
    for (let u = 0; u < units; u++) {
      const from = ONNX_GATE_FROM[block] * units + u;
      for (let r = 0; r < rows; r++) out[(block * units + u) * rows + r] = t.data[r * cols + from];
    }
  }
  return out;
}

function lstm(g: GraphBuilder, w: NamedTensors, layer: GraphLayer, x: string): string {
  if (layer.spec.kind !== 'lstm') throw new Error('unreachable');
  const { name, units, returnSequences } = layer.spec;
  const features = w[`${name}.weight`].shape[0];
  // [N, 1, H, W] image rows or an [N, T, F] sequence, as ONNX's [T, N, F].
  const seq = layer.input.length === 3 ? g.op('Squeeze', [x, g.ints(`${name}.squeeze_axes`, [1])]) : x;
  const timeMajor = g.op('Transpose', [seq], { perm: [1, 0, 2] });
  const W = g.floats(`${name}.W`, [1, 4 * units, features], lstmMatrix(w[`${name}.weight`], units));
  const R = g.floats(`${name}.R`, [1, 4 * units, units], lstmMatrix(w[`${name}.recurrent_weight`], units));
  const bias = w[`${name}.bias`].data;
  // Input and recurrent biases [Wb, Rb]: Inkling has one, so Rb is 0.
  const B = new Float32Array(8 * units);
  for (let block = 0; block < 4; block++) B.set(bias.subarray(ONNX_GATE_FROM[block] * units, (ONNX_GATE_FROM[block] + 1) * units), block * units);
  const b = g.floats(`${name}.B`, [1, 8 * units], B);
  const [y, yh] = g.opOutputs('LSTM', [timeMajor, W, R, b], [g.fresh(`${name}_Y`), g.fresh(`${name}_Y_h`)], { hidden_size: units });
  if (!returnSequences) return g.op('Squeeze', [yh, g.ints(`${name}.state_axes`, [0])]);
  const steps = g.op('Squeeze', [y, g.ints(`${name}.direction_axes`, [1])]);
  return g.op('Transpose', [steps], { perm: [1, 0, 2] });
}

/** Adds the layer's operators after value `x`; returns the value they produce. */
export function emitLayer(g: GraphBuilder, w: NamedTensors, layer: GraphLayer, x: string): string {
  const s = layer.spec;
  switch (s.kind) {
    case 'conv2d': {
      const [inC, inH, inW] = layer.input;
      const geo = conv2dGeometry({ batch: 1, inC, inH, inW, outC: s.filters, kernel: s.kernel, stride: s.stride, padding: s.padding });
      // Keras' 'same': the leading pad is the smaller half; what is left of the total goes after.
      const padBottom = Math.max((geo.outH - 1) * s.stride + s.kernel - inH, 0) - geo.padTop;
      const padRight = Math.max((geo.outW - 1) * s.stride + s.kernel - inW, 0) - geo.padLeft;
      const inputs = [x, param(g, w, `${s.name}.weight`), ...(s.bias ? [param(g, w, `${s.name}.bias`)] : [])];
      const y = g.op('Conv', inputs, {
        kernel_shape: [s.kernel, s.kernel],
        strides: [s.stride, s.stride],
        pads: s.padding === 'same' ? [geo.padTop, geo.padLeft, padBottom, padRight] : [0, 0, 0, 0],
      });
      return activate(g, y, s.activation);
    }
    case 'batchnorm': {
      const names = ['gamma', 'beta', 'running_mean', 'running_var'].map((t) => param(g, w, `${s.name}.${t}`));
      return activate(g, g.op('BatchNormalization', [x, ...names], { epsilon: { float: s.epsilon } }), s.activation);
    }
    case 'maxpool':
    case 'avgpool':
      return g.op(s.kind === 'maxpool' ? 'MaxPool' : 'AveragePool', [x], { kernel_shape: [s.size, s.size], strides: [s.stride, s.stride] });
    case 'globalavgpool':
      return g.op('Flatten', [g.op('GlobalAveragePool', [x])], { axis: 1 });
    case 'dropout':
      // The identity when reading.
      return x;
    case 'dense': {
      const flat = layer.input.length > 1 ? g.op('Flatten', [x], { axis: 1 }) : x;
      const inputs = [flat, param(g, w, `${s.name}.weight`), ...(s.bias ? [param(g, w, `${s.name}.bias`)] : [])];
      return activate(g, g.op('Gemm', inputs), s.activation);
    }
    case 'lstm':
      return lstm(g, w, layer, x);
  }
}
