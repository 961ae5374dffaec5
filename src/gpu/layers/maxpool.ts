// maxpool: records the argmax of every window so the backward can route gradients exactly.
import { maxPool, maxPoolBackward } from '../kernels/maxpool.ts';
import { maxPoolShape } from '../../model/kinds/pool.ts';
import { size } from '../../model/shape.ts';
import type { MaxPoolSpec } from '../../model/spec.ts';
import { everySlot, type GpuLayer } from './layer.ts';

export const maxpool: GpuLayer<MaxPoolSpec> = {
  scratch: ({ layer, batch }) => ({ argmax: batch * size(layer.output) * 4 }),
  async build({ ctx, spec, layer, batch, x, y, scratch: { argmax }, train }) {
    const shape = maxPoolShape(spec, layer.input, batch);
    const forward = await maxPool(ctx, shape, { x, out: y, argmax }, `${spec.name}.forward`);
    const backward = train?.dx ? await maxPoolBackward(ctx, shape, { dy: train.dy, argmax, dx: train.dx }, `${spec.name}.backward`) : [];
    return everySlot(forward, backward);
  },
};
