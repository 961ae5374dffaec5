// adam: the Adam update (Keras/TF form) in place over a flat parameter array.
import code from '../../shaders/adam.wgsl?raw';
import { makeDispatch, requireWholeVec4s, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { deviceFacts, planned } from '../kernel-plan.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { withStepStruct } from '../step-params.ts';
import { planAdam, type AdamShape } from './adam-plan.ts';

export const adamShader = { name: 'adam', code: withStepStruct(code) };

export type { AdamShape };

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

export async function adam(ctx: GpuContext, shape: AdamShape, buffers: AdamBuffers, label = 'adam'): Promise<Dispatch[]> {
  const { count } = shape;
  requirePositiveIntegers(label, { count });
  requireWholeVec4s(label, { params: buffers.params, grads: buffers.grads, m: buffers.m, v: buffers.v }, count);
  const d = await makeDispatch(ctx, {
    label,
    ...planned(planAdam(shape, deviceFacts(ctx)), { adam: adamShader }),
    constants: { COUNT: count },
    bindings: [buffers.params, buffers.grads, buffers.m, buffers.v, buffers.step],
  });
  return [d];
}
