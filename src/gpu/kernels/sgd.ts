// sgd: SGD with momentum in place over a flat parameter array.
import code from '../../shaders/sgd.wgsl?raw';
import { ceilDiv, elementwiseWorkgroups, makeDispatch, wholeVec4s, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { withStepStruct } from '../step-params.ts';

export const sgdShader = { name: 'sgd', code: withStepStruct(code) };

export interface SgdShape {
  /** Parameters (and gradients, velocity) in the flat arrays. */
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
  const flat = [buffers.params, buffers.grads, buffers.velocity];
  const vec4 = wholeVec4s(flat, count);
  const d = await makeDispatch(ctx, {
    label,
    shader: sgdShader,
    entryPoint: vec4 ? 'main4' : 'main',
    constants: { COUNT: count },
    bindings: [...flat, buffers.step],
    workgroups: elementwiseWorkgroups(ctx, vec4 ? ceilDiv(count, 4) : count, WG),
  });
  return [d];
}
