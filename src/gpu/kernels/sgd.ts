// sgd: SGD with momentum in place over a flat parameter array.
import code from '../../shaders/sgd.wgsl?raw';
import { ceilDiv, makeDispatch, requireWholeVec4s, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { deviceFacts, planElementwise } from '../kernel-plan.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { withStepStruct } from '../step-params.ts';

export const sgdShader = { name: 'sgd', code: withStepStruct(code) };

export interface SgdShape {
  /** Parameters (and gradients, velocity) in the flat arrays, each bound as whole vec4s past it (vec4Bytes). */
  count: number;
}

export interface SgdBuffers {
  params: Binding;
  grads: Binding;
  /** Zero before step 1. */
  velocity: Binding;
  /** The per-step uniform (src/gpu/step-params.ts): lr, momentum. */
  step: Binding;
}

const WG = 256;

export async function sgd(ctx: GpuContext, shape: SgdShape, buffers: SgdBuffers, label = 'sgd'): Promise<Dispatch[]> {
  const { count } = shape;
  requirePositiveIntegers(label, { count });
  requireWholeVec4s(label, { params: buffers.params, grads: buffers.grads, velocity: buffers.velocity }, count);
  const d = await makeDispatch(ctx, {
    label,
    shader: sgdShader,
    constants: { COUNT: count },
    bindings: [buffers.params, buffers.grads, buffers.velocity, buffers.step],
    workgroups: planElementwise(ceilDiv(count, 4), deviceFacts(ctx), WG),
  });
  return [d];
}
