// conv2d: NCHW activations, filters [outC, inC, k, k]; bias and activation fused into the forward.
import { conv2d as conv2dKernel, conv2dGradInput, conv2dScratchBytes } from '../kernels/conv2d.ts';
import { conv2dGradFilter } from '../kernels/conv2d-grad-filter.ts';
import { conv2dShape } from '../../model/kinds/conv2d.ts';
import type { Conv2dSpec } from '../../model/layer-spec.ts';
import { everySlot, type GpuLayer, type ScratchSizes } from './layer.ts';

export const conv2d: GpuLayer<Conv2dSpec> = {
  scratch({ spec, layer, batch, train, software }): ScratchSizes {
    return conv2dScratchBytes(conv2dShape(spec, layer.input, batch), { software, train: Boolean(train), dx: Boolean(train?.dx) });
  },
  async build({ ctx, spec, layer, batch, x, y, params, scratch, train }) {
    const shape = conv2dShape(spec, layer.input, batch);
    const [w, b] = params;
    const paddedX = scratch['padded-x'];
    const forward = await conv2dKernel(ctx, shape, { x, w, bias: b, out: y, paddedX }, `${spec.name}.forward`);
    if (!train) return everySlot(forward);
    const [dw, db] = train.grads;
    const backward = await conv2dGradFilter(
      ctx,
      shape,
      { dy: train.dy, x, dw, db, scratch: scratch['grad-filter-scratch'], paddedX },
      `${spec.name}.grad-filter`,
    );
    if (train.dx) {
      backward.push(...(await conv2dGradInput(ctx, shape, { dy: train.dy, w, dx: train.dx, paddedDy: scratch['padded-dy'] }, `${spec.name}.grad-input`)));
    }
    return everySlot(forward, backward);
  },
};
