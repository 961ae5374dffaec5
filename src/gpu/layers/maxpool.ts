// maxpool: records the argmax of every window so the backward can route gradients exactly.
import { maxPool, maxPoolBackward } from '../kernels/maxpool.ts';
import { poolGeometry, type PoolShape } from '../../model/geometry.ts';
import { size, type MaxPoolSpec, type Shape } from '../models.ts';
import type { LayerKind } from './layer.ts';

function shapeOf(spec: MaxPoolSpec, input: Shape, batch: number): PoolShape {
  if (input.length !== 3) throw new Error(`${spec.name}: maxpool needs a [channels, height, width] input, got [${input.join(', ')}]`);
  const [channels, inH, inW] = input;
  return { batch, channels, inH, inW, size: spec.size, stride: spec.stride };
}

export const maxpool: LayerKind<MaxPoolSpec> = {
  outputShape: (spec, input) => {
    const g = poolGeometry(shapeOf(spec, input, 1));
    return [input[0], g.outH, g.outW];
  },
  params: () => [],
  relu: () => false,
  async build({ ctx, arena, spec, batch, input, output, x, y, train }) {
    const shape = shapeOf(spec, input, batch);
    const argmax = arena.storage(`${spec.name}.argmax`, batch * size(output) * 4);
    const forward = await maxPool(ctx, shape, { x, out: y, argmax }, `${spec.name}.forward`);
    const backward = train?.dx ? await maxPoolBackward(ctx, shape, { dy: train.dy, argmax, dx: train.dx }, `${spec.name}.backward`) : [];
    return { forward, backward };
  },
};
