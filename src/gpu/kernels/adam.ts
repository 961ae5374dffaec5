// adam: the Adam update (Keras/TF form) in place over a flat parameter array.
import code from '../../shaders/adam.wgsl?raw';
import {
  ceilDiv,
  elementwiseWorkgroups,
  gridStrideWorkgroups,
  makeDispatch,
  requireWholeVec4s,
  type Binding,
  type Dispatch,
  type GpuContext,
} from '../dispatch.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { withStepStruct } from '../step-params.ts';

export const adamShader = { name: 'adam', code: withStepStruct(code) };

export interface AdamShape {
  /** Parameters (and gradients, m, v) in the flat arrays, each bound as whole vec4s past it (vec4Bytes). */
  count: number;
}

export interface AdamBuffers {
  params: Binding;
  grads: Binding;
  /** First-moment estimate, zero before step 1. */
  m: Binding;
  /** Second-moment estimate, zero before step 1. */
  v: Binding;
  /** The per-step uniform (src/gpu/step-params.ts): t, lr, beta1, beta2, eps. */
  step: Binding;
}

const WG = 256;
// On a software adapter, 4 workgroups: measured on SwiftShader in one page over the seed cnn's
// 694k parameters, 12.2 ms against 21.2 with the 256 other elementwise kernels get there (16:
// 13.5 ms); with two quads a trip (adam.wgsl), 4 ran as fast as 2 and faster than 8 or 16. Those
// kernels gain nothing from fewer (a plain scale ran as fast with 8 as with 256) and some lose, so
// the cap is this kernel's own.
const SOFTWARE_WORKGROUPS = 4;

export async function adam(ctx: GpuContext, shape: AdamShape, buffers: AdamBuffers, label = 'adam'): Promise<Dispatch[]> {
  const { count } = shape;
  requirePositiveIntegers(label, { count });
  requireWholeVec4s(label, { params: buffers.params, grads: buffers.grads, m: buffers.m, v: buffers.v }, count);
  const d = await makeDispatch(ctx, {
    label,
    shader: adamShader,
    constants: { COUNT: count },
    bindings: [buffers.params, buffers.grads, buffers.m, buffers.v, buffers.step],
    workgroups: ctx.software ? gridStrideWorkgroups(ceilDiv(count, 4), WG, SOFTWARE_WORKGROUPS) : elementwiseWorkgroups(ctx, ceilDiv(count, 4), WG),
  });
  return [d];
}
