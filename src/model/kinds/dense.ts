import { activationField, biasField } from '../fields.ts';
import type { LayerKind } from '../layer-kind.ts';
import { size } from '../shape.ts';
import type { DenseSpec } from '../spec.ts';

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
};
