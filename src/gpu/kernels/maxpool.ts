// maxpool: valid max pooling over NCHW (forward records argmax) and its gradient (a gather
// through that argmax).
import code from '../../shaders/maxpool.wgsl?raw';
import activationWgsl from '../../shaders/lib/activation.wgsl?raw';
import { makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { deviceFacts, planned } from '../kernel-plan.ts';
import { planMaxPool } from './maxpool-plan.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { poolGeometry, type PoolGeometry, type PoolShape } from '../../model/geometry.ts';
import { activationCode, type Activation } from '../../model/activation.ts';

export const maxpoolShader = { name: 'maxpool', code: `${code}\n${activationWgsl}` };
const SHADERS = { maxpool: maxpoolShader };

export interface MaxPoolBuffers {
  /** [batch, channels, inH, inW] */
  x: Binding;
  /** [batch, channels, outH, outW] */
  out: Binding;
  /** u32 per output: flat index into x of its window's max. */
  argmax: Binding;
}

export interface MaxPoolBackwardBuffers {
  /** [batch, channels, outH, outW] */
  dy: Binding;
  /** As written by the forward pass. */
  argmax: Binding;
  /** [batch, channels, inH, inW], fully overwritten. */
  dx: Binding;
  /** The forward's input, [batch, channels, inH, inW]: read where an activation is undone. */
  x: Binding;
}

export interface MaxPoolBackwardShape extends PoolShape {
  /**
   * The activation fused into the layer that wrote x, undone here at each window's maximum
   * instead of by that layer's own activation-backward pass (default 'none').
   */
  activation?: Activation;
}

function checkShape(shape: PoolShape, label: string): PoolGeometry {
  const { batch, channels, inH, inW, size, stride } = shape;
  requirePositiveIntegers(label, { batch, channels, inH, inW, size, stride });
  if (shape.size > shape.inH) throw new Error(`${label}: size ${shape.size} exceeds inH ${shape.inH}`);
  if (shape.size > shape.inW) throw new Error(`${label}: size ${shape.size} exceeds inW ${shape.inW}`);
  return poolGeometry(shape);
}

function constants(shape: PoolShape, g: PoolGeometry) {
  return {
    BATCH: shape.batch,
    CHANNELS: shape.channels,
    IN_H: shape.inH,
    IN_W: shape.inW,
    SIZE: shape.size,
    STRIDE: shape.stride,
    OUT_H: g.outH,
    OUT_W: g.outW,
  };
}

export async function maxPool(ctx: GpuContext, shape: PoolShape, buffers: MaxPoolBuffers, label = 'maxpool'): Promise<Dispatch[]> {
  const g = checkShape(shape, label);
  const d = await makeDispatch(ctx, {
    label,
    ...planned(planMaxPool(shape, deviceFacts(ctx)).forward, SHADERS),
    constants: constants(shape, g),
    bindings: [buffers.x, buffers.out, buffers.argmax],
  });
  return [d];
}

export async function maxPoolBackward(
  ctx: GpuContext,
  shape: MaxPoolBackwardShape,
  buffers: MaxPoolBackwardBuffers,
  label = 'maxpool-backward',
): Promise<Dispatch[]> {
  const g = checkShape(shape, label);
  const ACTIVATION = activationCode(shape.activation ?? 'none', label);
  const d = await makeDispatch(ctx, {
    label,
    ...planned(planMaxPool(shape, deviceFacts(ctx)).backward, SHADERS),
    constants: { ...constants(shape, g), ACTIVATION },
    bindings: [buffers.dy, buffers.argmax, buffers.dx, buffers.x],
  });
  return [d];
}
