import { activationField } from '../fields.ts';
import type { LayerKind, TensorDecl } from '../layer-kind.ts';
import type { BatchNormShape } from '../op-shapes.ts';
import { size, type Shape } from '../shape.ts';
import type { BatchNormSpec } from '../layer-spec.ts';

/** The batchnorm kernels' shape: per channel after a conv ([C, H·W]), per feature after a dense ([F, 1]). */
export function batchNormShape(spec: BatchNormSpec, input: Shape, batch: number): BatchNormShape {
  return { batch, channels: input[0], inner: size(input) / input[0], epsilon: spec.epsilon, momentum: spec.momentum, activation: spec.activation };
}

const perChannel = (name: string, channels: number, init: TensorDecl['init']): TensorDecl => ({
  name,
  shape: [channels],
  init,
  fanIn: channels,
  fanOut: channels,
});

export const batchnorm: LayerKind<BatchNormSpec> = {
  kind: 'batchnorm',
  prefix: 'bn',
  description: 'Normalises each channel by the batch statistics in training (running ones when reading), then scales and shifts it.',
  fields: {
    activation: activationField(),
    momentum: { type: 'number', min: 0, max: 0.999, default: 0.99, label: 'momentum' },
    epsilon: { type: 'number', min: 1e-6, max: 1, default: 1e-3, label: 'epsilon' },
  },
  outputShape: (_spec, input) => input,
  params: (_spec, input) => [perChannel('gamma', input[0], 'ones'), perChannel('beta', input[0], 'zeros')],
  state: (_spec, input) => [perChannel('running_mean', input[0], 'zeros'), { ...perChannel('running_var', input[0], 'ones'), minimum: 0 }],
  // Forward: subtract, scale, scale, shift; backward: about twice that.
  flops: (_spec, input) => ({ forward: 4 * size(input), weightGrad: 2 * size(input), inputGrad: 6 * size(input) }),
  activation: (spec) => spec.activation,
};
