import { activationField, biasField, LayerError } from '../fields.ts';
import { conv2dGeometry, type Conv2dShape } from '../geometry.ts';
import type { LayerKind } from '../layer-kind.ts';
import type { Shape } from '../shape.ts';
import type { Conv2dSpec } from '../layer-spec.ts';

export function spatialInput(input: Shape, kind: string): [number, number, number] {
  if (input.length !== 3)
    throw new LayerError(`${kind} needs a [channels, height, width] input, got [${input.join(', ')}] (put it before any dense or global pool)`);
  return [input[0], input[1], input[2]];
}

/** The conv2d kernels' shape for this layer at a batch size: what the GPU build and the reference both run. */
export function conv2dShape(spec: Conv2dSpec, input: Shape, batch: number): Conv2dShape {
  const [inC, inH, inW] = input;
  return { batch, inC, inH, inW, outC: spec.filters, kernel: spec.kernel, stride: spec.stride, padding: spec.padding, activation: spec.activation };
}

export const conv2d: LayerKind<Conv2dSpec> = {
  kind: 'conv2d',
  prefix: 'conv',
  description: 'Slides learned filters over the image; each filter makes one feature map.',
  fields: {
    filters: { type: 'int', min: 1, max: 1024, suggest: 16, label: 'filters' },
    kernel: { type: 'int', min: 1, max: 32, default: 3, label: 'kernel' },
    stride: { type: 'int', min: 1, max: 8, default: 1, label: 'stride' },
    padding: { type: 'choice', options: ['valid', 'same'], default: 'valid', label: 'padding' },
    activation: activationField(),
    bias: biasField,
  },
  outputShape(spec, input) {
    const [inC, inH, inW] = spatialInput(input, 'conv2d');
    try {
      const g = conv2dGeometry({ batch: 1, inC, inH, inW, outC: spec.filters, kernel: spec.kernel, stride: spec.stride, padding: spec.padding });
      return [spec.filters, g.outH, g.outW];
    } catch (e) {
      throw new LayerError((e instanceof Error ? e.message : String(e)).replace(/^conv2d: /, ''));
    }
  },
  params(spec, input) {
    const k2 = spec.kernel * spec.kernel;
    const fanIn = input[0] * k2;
    const fanOut = spec.filters * k2;
    const weight = { name: 'weight', shape: [spec.filters, input[0], spec.kernel, spec.kernel], init: 'glorot-uniform' as const, fanIn, fanOut };
    return spec.bias ? [weight, { name: 'bias', shape: [spec.filters], init: 'zeros', fanIn, fanOut }] : [weight];
  },
  state: () => [],
  flops(spec, input, output) {
    const macs = output[1] * output[2] * spec.filters * input[0] * spec.kernel * spec.kernel;
    return { forward: 2 * macs, weightGrad: 2 * macs, inputGrad: 2 * macs };
  },
  activation: (spec) => spec.activation,
  width: (spec) => spec.filters,
};
