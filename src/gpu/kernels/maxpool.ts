// maxpool: valid max pooling over NCHW (forward records argmax) and its gradient (a gather
// through that argmax).
import code from '../../shaders/maxpool.wgsl?raw';
import { elementwiseWorkgroups, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { poolGeometry, type PoolGeometry, type PoolShape } from '../../model/geometry.ts';

export const maxpoolShader = { name: 'maxpool', code };

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
}

const WG = 256;

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

function gridStride(ctx: GpuContext, elements: number) {
  return elementwiseWorkgroups(ctx, elements, WG);
}

export async function maxPool(ctx: GpuContext, shape: PoolShape, buffers: MaxPoolBuffers, label = 'maxpool'): Promise<Dispatch[]> {
  const g = checkShape(shape, label);
  const d = await makeDispatch(ctx, {
    label,
    shader: maxpoolShader,
    entryPoint: 'forward',
    constants: constants(shape, g),
    bindings: [buffers.x, buffers.out, buffers.argmax],
    workgroups: gridStride(ctx, shape.batch * shape.channels * g.outH * g.outW),
  });
  return [d];
}

export async function maxPoolBackward(ctx: GpuContext, shape: PoolShape, buffers: MaxPoolBackwardBuffers, label = 'maxpool-backward'): Promise<Dispatch[]> {
  const g = checkShape(shape, label);
  // Windows that tile the input exactly are scattered whole: a quarter of the invocations and
  // reads of the per-element gather for 2×2/2, and nothing left for a gather to zero.
  const tiles = shape.stride === shape.size && g.outH * shape.size === shape.inH && g.outW * shape.size === shape.inW;
  // Windows apart but with rows or columns left over: each input has at most one window to ask.
  const disjoint = shape.stride >= shape.size;
  const d = await makeDispatch(ctx, {
    label,
    shader: maxpoolShader,
    entryPoint: tiles ? 'backwardTiles' : disjoint ? 'backwardDisjoint' : 'backward',
    constants: constants(shape, g),
    bindings: [buffers.dy, buffers.argmax, buffers.dx],
    workgroups: gridStride(ctx, shape.batch * shape.channels * (tiles ? g.outH * g.outW : shape.inH * shape.inW)),
  });
  return [d];
}
