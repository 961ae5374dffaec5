import type { DropoutShape } from '../dropout-mask.ts';
import type { LayerKind } from '../layer-kind.ts';
import { size, type Shape } from '../shape.ts';
import type { DropoutSpec } from '../layer-spec.ts';

/** The dropout kernels' shape; the layer's place salts its mask, so two dropout layers draw apart. */
export function dropoutShape(spec: DropoutSpec, input: Shape, batch: number, index: number): DropoutShape {
  return { batch, units: size(input), rate: spec.rate, salt: index };
}

export const dropout: LayerKind<DropoutSpec> = {
  kind: 'dropout',
  prefix: 'dropout',
  description: 'In training, zeroes each unit with probability rate (a new draw every step) and scales the rest up; the identity when reading.',
  fields: { rate: { type: 'number', min: 0, max: 0.9, default: 0.5, label: 'rate' } },
  outputShape: (_spec, input) => input,
  params: () => [],
  state: () => [],
  flops: (_spec, input) => ({ forward: size(input), weightGrad: 0, inputGrad: size(input) }),
  activation: () => 'none',
  width: (spec) => spec.rate,
};
