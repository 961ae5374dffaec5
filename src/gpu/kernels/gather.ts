// gather: assembles a training batch (float pixels, u32 labels) from the GPU-resident byte
// dataset through the epoch's shuffled index order.
import code from '../../shaders/gather.wgsl?raw';
import hashWgsl from '../../shaders/lib/hash.wgsl?raw';
import { ceilDiv, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { withStepStruct } from '../step-params.ts';
import type { GatherShape } from '../../model/op-shapes.ts';

// mix32() and the Step struct go after the kernel, so compile errors keep gather.wgsl's own line numbers.
export const gatherShader = { name: 'gather', code: withStepStruct(`${code}\n${hashWgsl}`) };

export type { GatherShape };

export interface GatherBuffers {
  /** count·pixels bytes, uploaded from a Uint8Array. */
  images: Binding;
  /** count bytes, uploaded from a Uint8Array. */
  labels: Binding;
  /** u32 [count]: the epoch's shuffled order. */
  indices: Binding;
  /** f32 [batch, pixels] in [0, 1], shifted when the step's `shift` is set. */
  x: Binding;
  /** u32 [batch] */
  y: Binding;
  /** The per-step uniform (src/gpu/step-params.ts): cursor is the batch's start in indices. */
  step: Binding;
}

const WG = 64;
/** A quarter million invocations (rows) fill any GPU; the shader's grid-stride loop covers larger batches. */
const MAX_WORKGROUPS = 4096;

export async function gather(ctx: GpuContext, shape: GatherShape, buffers: GatherBuffers, label = 'gather'): Promise<Dispatch[]> {
  requirePositiveIntegers(label, { batch: shape.batch, pixels: shape.pixels, count: shape.count, width: shape.width });
  if (shape.pixels % shape.width !== 0) throw new Error(`${label}: pixels ${shape.pixels} is not a whole number of rows of width ${shape.width}`);
  // Byte offsets are u32 in the shader.
  if (shape.count * shape.pixels > 2 ** 32) throw new Error(`${label}: count·pixels ${shape.count * shape.pixels} exceeds 2^32 bytes`);
  const d = await makeDispatch(ctx, {
    label,
    shader: gatherShader,
    constants: { BATCH: shape.batch, PIXELS: shape.pixels, COUNT: shape.count, WIDTH: shape.width },
    bindings: [buffers.images, buffers.labels, buffers.indices, buffers.x, buffers.y, buffers.step],
    workgroups: [Math.min(ceilDiv((shape.batch * shape.pixels) / shape.width, WG), MAX_WORKGROUPS), 1, 1],
  });
  return [d];
}
