// maxpool: records the argmax of every window so the backward can route gradients exactly, and
// undoes the previous layer's activation there.
import { maxPool, maxPoolBackward } from '../kernels/maxpool.ts';
import { maxPoolShape } from '../../model/kinds/pool.ts';
import { size } from '../../model/shape.ts';
import type { MaxPoolSpec } from '../../model/layer-spec.ts';
import { everySlot, type GpuLayer } from './layer.ts';

export const maxpool: GpuLayer<MaxPoolSpec> = {
  undoesInputActivation: true,
  scratch: ({ layer, batch }) => ({ argmax: batch * size(layer.output) * 4 }),
  async build({ ctx, spec, layer, batch, x, y, scratch: { argmax }, train }) {
    const shape = maxPoolShape(spec, layer.input, batch);
    const forward = await maxPool(ctx, shape, { x, out: y, argmax }, `${spec.name}.forward`);
    const backward = train?.dx
      ? await maxPoolBackward(ctx, { ...shape, activation: train.inputActivation }, { dy: train.dy, argmax, dx: train.dx, x }, `${spec.name}.backward`)
      : [];
    return everySlot(forward, backward);
  },
};
