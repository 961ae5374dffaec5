// avgpool: valid average pooling over NCHW and its gradient (a gather, no atomics). With the
// window set to the whole map (globalAvgPoolShape) it is global average pooling.
import code from '../../shaders/avgpool.wgsl?raw';
import { makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { deviceFacts, planned } from '../kernel-plan.ts';
import { planAvgPool } from './avgpool-plan.ts';
import { avgPoolGeometry, type AvgPoolShape, type PoolGeometry } from '../../model/geometry.ts';

// Re-exported so layer builds get the shape type with the kernel.
export type { AvgPoolShape } from '../../model/geometry.ts';

export const avgpoolShader = { name: 'avgpool', code };
const SHADERS = { avgpool: avgpoolShader };

export interface AvgPoolBuffers {
  /** [batch, channels, inH, inW] */
  x: Binding;
  /** [batch, channels, outH, outW] */
  out: Binding;
}

export interface AvgPoolBackwardBuffers {
  /** [batch, channels, outH, outW] */
  dy: Binding;
  /** [batch, channels, inH, inW], fully overwritten. */
  dx: Binding;
}

function constants(shape: AvgPoolShape, g: PoolGeometry) {
  return {
    BATCH: shape.batch,
    CHANNELS: shape.channels,
    IN_H: shape.inH,
    IN_W: shape.inW,
    WIN_H: shape.winH,
    WIN_W: shape.winW,
    STRIDE_H: shape.strideH,
    STRIDE_W: shape.strideW,
    OUT_H: g.outH,
    OUT_W: g.outW,
  };
}

export async function avgPool(ctx: GpuContext, shape: AvgPoolShape, buffers: AvgPoolBuffers, label = 'avgpool'): Promise<Dispatch[]> {
  const g = avgPoolGeometry(shape, label);
  const d = await makeDispatch(ctx, {
    label,
    ...planned(planAvgPool(shape, deviceFacts(ctx)).forward, SHADERS),
    constants: constants(shape, g),
    bindings: [buffers.x, buffers.out],
  });
  return [d];
}

export async function avgPoolBackward(ctx: GpuContext, shape: AvgPoolShape, buffers: AvgPoolBackwardBuffers, label = 'avgpool-backward'): Promise<Dispatch[]> {
  const g = avgPoolGeometry(shape, label);
  const d = await makeDispatch(ctx, {
    label,
    ...planned(planAvgPool(shape, deviceFacts(ctx)).backward, SHADERS),
    constants: constants(shape, g),
    bindings: [buffers.dy, buffers.dx],
  });
  return [d];
}
