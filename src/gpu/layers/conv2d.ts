// conv2d: NCHW activations, filters [outC, inC, k, k], bias and ReLU fused into the forward.
import { conv2d as conv2dKernel, conv2dGradFilter, conv2dGradFilterScratchBytes, conv2dGradInput } from '../kernels/conv2d.ts';
import { conv2dGeometry, type Conv2dShape } from '../../model/geometry.ts';
import type { Conv2dSpec, Shape } from '../models.ts';
import type { LayerKind } from './layer.ts';

function shapeOf(spec: Conv2dSpec, input: Shape, batch: number): Conv2dShape {
  const [inC, inH, inW] = input;
  if (input.length !== 3) throw new Error(`${spec.name}: conv2d needs a [channels, height, width] input, got [${input.join(', ')}]`);
  return { batch, inC, inH, inW, outC: spec.filters, kernel: spec.kernel, stride: spec.stride, padding: spec.padding, relu: spec.relu };
}

export const conv2d: LayerKind<Conv2dSpec> = {
  outputShape: (spec, input) => {
    const g = conv2dGeometry(shapeOf(spec, input, 1));
    return [spec.filters, g.outH, g.outW];
  },
  params: (spec, input) => {
    const inC = input[0];
    const k2 = spec.kernel * spec.kernel;
    const fanIn = inC * k2;
    const fanOut = spec.filters * k2;
    return [
      { name: 'weight', shape: [spec.filters, inC, spec.kernel, spec.kernel], init: 'glorot-uniform', fanIn, fanOut },
      { name: 'bias', shape: [spec.filters], init: 'zeros', fanIn, fanOut },
    ];
  },
  relu: (spec) => spec.relu,
  async build({ ctx, arena, spec, batch, input, x, y, params, train }) {
    const shape = shapeOf(spec, input, batch);
    const [w, b] = params;
    const forward = await conv2dKernel(ctx, shape, { x, w, bias: b, out: y }, `${spec.name}.forward`);
    if (!train) return { forward, backward: [] };
    const [dw, db] = train.grads;
    const scratchBytes = conv2dGradFilterScratchBytes(shape);
    const scratch = scratchBytes > 0 ? arena.storage(`${spec.name}.grad-filter-scratch`, scratchBytes) : undefined;
    const backward = await conv2dGradFilter(ctx, shape, { dy: train.dy, x, dw, db, scratch }, `${spec.name}.grad-filter`);
    if (train.dx) backward.push(...(await conv2dGradInput(ctx, shape, { dy: train.dy, w, dx: train.dx }, `${spec.name}.grad-input`)));
    return { forward, backward };
  },
};
