// avgpool and globalavgpool: one kernel family; the global pool's window is the whole map.
import { avgPool, avgPoolBackward } from '../kernels/avgpool.ts';
import { avgPoolShape } from '../../model/kinds/pool.ts';
import type { AvgPoolSpec, GlobalAvgPoolSpec } from '../../model/layer-spec.ts';
import { everySlot, type BuildArgs, type GpuLayer } from './layer.ts';

async function build({ ctx, spec, layer, batch, x, y, train }: BuildArgs<AvgPoolSpec | GlobalAvgPoolSpec>) {
  const shape = avgPoolShape(spec, layer.input, batch);
  const forward = await avgPool(ctx, shape, { x, out: y }, `${spec.name}.forward`);
  const backward = train?.dx ? await avgPoolBackward(ctx, shape, { dy: train.dy, dx: train.dx }, `${spec.name}.backward`) : [];
  return everySlot(forward, backward);
}

export const avgpool: GpuLayer<AvgPoolSpec> = { build };

export const globalavgpool: GpuLayer<GlobalAvgPoolSpec> = { build };
