// lstm: a long short-term memory layer (Hochreiter & Schmidhuber; Keras' LSTM without its
// options). Gate order along the 4·units axis of every tensor is i, f, g, o (input, forget,
// cell candidate, output), as in Keras:
//   z = x_t·W + h_{t−1}·U + b,  i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o),
//   c_t = f·c_{t−1} + i·g,  h_t = o·tanh(c_t),  h_{−1} = c_{−1} = 0.
import { LayerError } from '../fields.ts';
import type { LayerKind } from '../layer-kind.ts';
import type { LstmShape } from '../op-shapes.ts';
import type { Shape } from '../shape.ts';
import type { LstmSpec } from '../layer-spec.ts';

/** The input as [steps, features]: a one-channel image's rows, or an lstm's sequence. */
export function lstmSequence(input: Shape): [number, number] {
  if (input.length === 3 && input[0] === 1) return [input[1], input[2]];
  if (input.length === 2) return [input[0], input[1]];
  throw new LayerError(
    `lstm reads a one-channel image [1, height, width] row by row, or the sequence [steps, features] of an lstm with returnSequences; got [${input.join(', ')}]` +
      (input.length === 3 ? ` (${input[0]} channels)` : ' (put it first, or after an lstm with returnSequences)'),
  );
}

/** The lstm kernels' shape for this layer at a batch size. */
export function lstmShape(spec: LstmSpec, input: Shape, batch: number): LstmShape {
  const [steps, features] = lstmSequence(input);
  return { batch, steps, features, units: spec.units, returnSequences: spec.returnSequences };
}

// Per (step, unit): 3 sigmoids and 2 tanh counted as 4 FLOPs each, the cell update 3, h 1.
const GATE_FLOPS = 24;
// Per (step, unit) backward: the four gate derivatives, the cell gradient and its carry.
const GATE_GRAD_FLOPS = 20;

export const lstm: LayerKind<LstmSpec> = {
  kind: 'lstm',
  prefix: 'lstm',
  description: 'Reads the input as a sequence (an image row by row) and keeps a memory across steps; gives its last state, or every step’s.',
  fields: {
    units: { type: 'int', min: 1, max: 1024, suggest: 64, label: 'units' },
    returnSequences: { type: 'bool', default: false, label: 'return sequences' },
  },
  outputShape(spec, input) {
    const [steps] = lstmSequence(input);
    return spec.returnSequences ? [steps, spec.units] : [spec.units];
  },
  params(spec, input) {
    const [, features] = lstmSequence(input);
    const gates = 4 * spec.units;
    return [
      { name: 'weight', shape: [features, gates], init: 'glorot-uniform', fanIn: features, fanOut: gates },
      { name: 'recurrent_weight', shape: [spec.units, gates], init: 'glorot-uniform', fanIn: spec.units, fanOut: gates },
      // Zeros, with the forget gate's quarter at 1 (Keras' unit_forget_bias): the cell keeps its memory at first.
      { name: 'bias', shape: [gates], init: 'unit-forget-bias', fanIn: features, fanOut: gates },
    ];
  },
  state: () => [],
  flops(spec, input) {
    const [steps, features] = lstmSequence(input);
    const H = spec.units;
    const inputMacs = steps * features * 4 * H;
    const recurrentMacs = steps * H * 4 * H;
    return {
      forward: 2 * inputMacs + 2 * recurrentMacs + GATE_FLOPS * steps * H,
      // Through time: dh_{t−1} = dG_t·Uᵀ and the cell backward, then dW, dU and db over every step.
      weightGrad: 2 * recurrentMacs + GATE_GRAD_FLOPS * steps * H + 2 * inputMacs + 2 * recurrentMacs + steps * 4 * H,
      inputGrad: 2 * inputMacs,
    };
  },
  activation: () => 'none',
  width: (spec) => spec.units,
};
