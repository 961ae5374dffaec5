import { activationField, biasField } from '../fields.ts';
import type { LayerKind } from '../layer-kind.ts';
import type { MatmulShape } from '../op-shapes.ts';
import { size, type Shape } from '../shape.ts';
import type { DenseSpec } from '../layer-spec.ts';

/** The three GEMMs of a dense layer, W stored [in, out]: y = x·W, dW = xᵀ·dy, dx = dy·Wᵀ. */
export function denseShapes(spec: DenseSpec, input: Shape, batch: number): { forward: MatmulShape; weightGrad: MatmulShape; inputGrad: MatmulShape } {
  const inF = size(input);
  return {
    forward: { M: batch, N: spec.units, K: inF, activation: spec.activation },
    weightGrad: { M: inF, N: spec.units, K: batch, transA: true },
    inputGrad: { M: batch, N: inF, K: spec.units, transB: true },
  };
}

export const dense: LayerKind<DenseSpec> = {
  kind: 'dense',
  prefix: 'dense',
  description: 'Every output unit weighs every input (the input is flattened first).',
  fields: {
    units: { type: 'int', min: 1, max: 16384, suggest: 64, label: 'units' },
    activation: activationField(),
    bias: biasField,
  },
  outputShape: (spec) => [spec.units],
  params(spec, input) {
    const fanIn = size(input);
    const weight = { name: 'weight', shape: [fanIn, spec.units], init: 'glorot-uniform' as const, fanIn, fanOut: spec.units };
    return spec.bias ? [weight, { name: 'bias', shape: [spec.units], init: 'zeros', fanIn, fanOut: spec.units }] : [weight];
  },
  state: () => [],
  flops(spec, input) {
    const macs = size(input) * spec.units;
    return { forward: 2 * macs, weightGrad: 2 * macs, inputGrad: 2 * macs };
  },
  activation: (spec) => spec.activation,
  width: (spec) => spec.units,
};
