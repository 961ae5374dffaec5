// The pooling layers: max pooling keeps each window's argmax (in a training plan, or a reading
// plan with gradients) for its backward; average and global average pooling need no scratch.
import { avgPoolGeometry, poolGeometry } from '../../model/geometry.ts';
import { avgPoolShape, maxPoolShape } from '../../model/kinds/pool.ts';
import type { AvgPoolSpec, GlobalAvgPoolSpec, MaxPoolSpec } from '../../model/layer-spec.ts';
import { size } from '../../model/shape.ts';
import type { CpuLayerArgs, CpuLayerKind } from './layer.ts';
import { requireFloats } from './regions.ts';

function checkRegions(a: CpuLayerArgs<MaxPoolSpec | AvgPoolSpec | GlobalAvgPoolSpec>): void {
  const name = a.spec.name;
  requireFloats(name, 'x', a.x, a.batch * size(a.layer.input));
  requireFloats(name, 'y', a.y, a.batch * size(a.layer.output));
  if (a.dy) requireFloats(name, 'dy', a.dy, a.batch * size(a.layer.output));
  if (a.dx) requireFloats(name, 'dx', a.dx, a.batch * size(a.layer.input));
}

export const maxpool: CpuLayerKind<MaxPoolSpec> = {
  build(a) {
    checkRegions(a);
    const s = maxPoolShape(a.spec, a.layer.input, a.batch);
    const { outH, outW } = poolGeometry(s);
    const planes = s.batch * s.channels;
    const argmax = a.dy ? a.plan.floats(`${a.spec.name}/argmax`, planes * outH * outW) : null;
    const { x, y, dy, dx } = a;
    return {
      forward(run) {
        run.parallel('maxpool_forward', planes, [x.offset, y.offset, argmax?.offset ?? 0, s.inH, s.inW, s.size, s.stride, outH, outW]);
      },
      backward(run) {
        if (dx && dy && argmax) run.parallel('maxpool_backward', planes, [dy.offset, argmax.offset, dx.offset, s.inH * s.inW, outH * outW]);
      },
    };
  },
};

export const avgpool: CpuLayerKind<AvgPoolSpec> = {
  build(a) {
    checkRegions(a);
    const s = avgPoolShape(a.spec, a.layer.input, a.batch);
    const { outH, outW } = avgPoolGeometry(s, a.spec.name);
    const planes = s.batch * s.channels;
    const geometry = [s.inH, s.inW, s.winH, s.winW, s.strideH, s.strideW, outH, outW];
    const { x, y, dy, dx } = a;
    return {
      forward: (run) => run.parallel('avgpool_forward', planes, [x.offset, y.offset, ...geometry]),
      backward(run) {
        if (dx && dy) run.parallel('avgpool_backward', planes, [dy.offset, dx.offset, ...geometry]);
      },
    };
  },
};

export const globalavgpool: CpuLayerKind<GlobalAvgPoolSpec> = {
  build(a) {
    checkRegions(a);
    const [channels, h, w] = a.layer.input;
    const planes = a.batch * channels;
    const { x, y, dy, dx } = a;
    return {
      forward: (run) => run.parallel('globalavgpool_forward', planes, [x.offset, y.offset, h * w]),
      backward(run) {
        if (dx && dy) run.parallel('globalavgpool_backward', planes, [dy.offset, dx.offset, h * w]);
      },
    };
  },
};
