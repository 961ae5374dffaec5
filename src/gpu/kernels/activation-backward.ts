// activation-backward: turns dL/d(output) into dL/d(input) of a fused activation, in place, from
// the activation's forward output.
import code from '../../shaders/activation-backward.wgsl?raw';
import activationWgsl from '../../shaders/lib/activation.wgsl?raw';
import { makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { deviceFacts, planElementwise } from '../kernel-plan.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { activationCode, type Activation } from '../../model/activation.ts';

export const activationBackwardShader = { name: 'activation-backward', code: `${code}\n${activationWgsl}` };

export interface ActivationBackwardShape {
  /** Elements of act and grad. */
  count: number;
  activation: Activation;
}

export interface ActivationBackwardBuffers {
  /** The activation's output from the forward pass. */
  act: Binding;
  /** dL/d(output) in, dL/d(input) out. */
  grad: Binding;
}

const WG = 256;

/** No dispatch for 'none': its gradient passes through unchanged. */
export async function activationBackward(
  ctx: GpuContext,
  shape: ActivationBackwardShape,
  buffers: ActivationBackwardBuffers,
  label = 'activation-backward',
): Promise<Dispatch[]> {
  const { count, activation } = shape;
  requirePositiveIntegers(label, { count });
  // Checked first, so a bad name fails even where 'none' would skip the dispatch.
  const ACTIVATION = activationCode(activation, label);
  if (activation === 'none') return [];
  const vec4 = count % 4 === 0;
  const d = await makeDispatch(ctx, {
    label,
    shader: activationBackwardShader,
    entryPoint: vec4 ? 'main4' : 'main',
    constants: { COUNT: count, ACTIVATION },
    bindings: [buffers.act, buffers.grad],
    workgroups: planElementwise(vec4 ? count / 4 : count, deviceFacts(ctx), WG),
  });
  return [d];
}
