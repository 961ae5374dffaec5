// adam: the Adam update (Keras/TF form) in place over a flat parameter array.
import code from '../../shaders/adam.wgsl?raw';
import { ceilDiv, elementwiseWorkgroups, makeDispatch, wholeVec4s, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { withStepStruct } from '../step-params.ts';

export const adamShader = { name: 'adam', code: withStepStruct(code) };

export interface AdamShape {
  /** Parameters (and gradients, m, v) in the flat arrays. */
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

export async function adam(ctx: GpuContext, shape: AdamShape, buffers: AdamBuffers, label = 'adam'): Promise<Dispatch[]> {
  const { count } = shape;
  requirePositiveIntegers(label, { count });
  const flat = [buffers.params, buffers.grads, buffers.m, buffers.v];
  const vec4 = wholeVec4s(flat, count);
  const d = await makeDispatch(ctx, {
    label,
    shader: adamShader,
    entryPoint: vec4 ? 'main4' : 'main',
    constants: { COUNT: count },
    bindings: [...flat, buffers.step],
    workgroups: elementwiseWorkgroups(ctx, vec4 ? ceilDiv(count, 4) : count, WG),
  });
  return [d];
}
