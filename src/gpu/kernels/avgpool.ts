// avgpool: valid average pooling over NCHW and its gradient (a gather, no atomics). With the
// window set to the whole map (globalAvgPoolShape) it is global average pooling.
import code from '../../shaders/avgpool.wgsl?raw';
import { elementwiseWorkgroups, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { avgPoolGeometry, type AvgPoolShape, type PoolGeometry } from '../../model/geometry.ts';

// Re-exported so layer builds get the shape type with the kernel.
export type { AvgPoolShape } from '../../model/geometry.ts';

export const avgpoolShader = { name: 'avgpool', code };

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

const WG = 256;
// Windows this large (global pooling of a 28×28 map: 784) get a workgroup each: at least two
// elements per invocation of the 64-wide reduction, and a lone invocation's loop is long.
const REDUCE_MIN_WINDOW = 128;

export type AvgPoolForwardEntry = 'forward' | 'forwardReduce';

/**
 * The forward entry point a shape gets. The workgroup reduction has barriers, which software
 * adapters run as costly coroutines, so there every window is summed by one invocation.
 */
export function avgPoolForwardEntry(shape: AvgPoolShape, software = false): AvgPoolForwardEntry {
  return !software && shape.winH * shape.winW >= REDUCE_MIN_WINDOW ? 'forwardReduce' : 'forward';
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
  const outputs = shape.batch * shape.channels * g.outH * g.outW;
  const entryPoint = avgPoolForwardEntry(shape, ctx.software);
  const d = await makeDispatch(ctx, {
    label,
    shader: avgpoolShader,
    entryPoint,
    constants: constants(shape, g),
    bindings: [buffers.x, buffers.out],
    // forwardReduce: one workgroup per output.
    workgroups: elementwiseWorkgroups(ctx, outputs, entryPoint === 'forwardReduce' ? 1 : WG),
  });
  return [d];
}

export async function avgPoolBackward(ctx: GpuContext, shape: AvgPoolShape, buffers: AvgPoolBackwardBuffers, label = 'avgpool-backward'): Promise<Dispatch[]> {
  const g = avgPoolGeometry(shape, label);
  const d = await makeDispatch(ctx, {
    label,
    shader: avgpoolShader,
    entryPoint: 'backward',
    constants: constants(shape, g),
    bindings: [buffers.dy, buffers.dx],
    workgroups: elementwiseWorkgroups(ctx, shape.batch * shape.channels * shape.inH * shape.inW, WG),
  });
  return [d];
}
