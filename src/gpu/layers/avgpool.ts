// avgpool and globalavgpool: one kernel family; the global pool's window is the whole map.
import { avgPool, avgPoolBackward, type AvgPoolShape } from '../kernels/avgpool.ts';
import { globalAvgPoolShape } from '../../model/geometry.ts';
import type { AvgPoolSpec, GlobalAvgPoolSpec } from '../../model/spec.ts';
import type { GraphLayer } from '../../model/graph.ts';
import { everySlot, type BuildArgs, type GpuLayer } from './layer.ts';

async function build({ ctx, spec, x, y, train }: BuildArgs<AvgPoolSpec | GlobalAvgPoolSpec>, shape: AvgPoolShape) {
  const forward = await avgPool(ctx, shape, { x, out: y }, `${spec.name}.forward`);
  const backward = train?.dx ? await avgPoolBackward(ctx, shape, { dy: train.dy, dx: train.dx }, `${spec.name}.backward`) : [];
  return everySlot(forward, backward);
}

function windowShape(layer: GraphLayer, batch: number, size: number, stride: number): AvgPoolShape {
  const [channels, inH, inW] = layer.input;
  return { batch, channels, inH, inW, winH: size, winW: size, strideH: stride, strideW: stride };
}

export const avgpool: GpuLayer<AvgPoolSpec> = {
  build: (args) => build(args, windowShape(args.layer, args.batch, args.spec.size, args.spec.stride)),
};

export const globalavgpool: GpuLayer<GlobalAvgPoolSpec> = {
  build: (args) => build(args, globalAvgPoolShape(args.batch, args.layer.input[0], args.layer.input[1], args.layer.input[2])),
};
