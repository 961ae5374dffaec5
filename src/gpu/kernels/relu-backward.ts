// relu-backward: masks a gradient in place by where the ReLU output was positive.
import code from '../../shaders/relu-backward.wgsl?raw';
import { gridStrideWorkgroups, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';

export const reluBackwardShader = { name: 'relu-backward', code };

export interface ReluBackwardShape {
  /** Elements of act and grad. */
  count: number;
}

export interface ReluBackwardBuffers {
  /** The ReLU's output from the forward pass. */
  act: Binding;
  /** dL/d(output) in, dL/d(input) out. */
  grad: Binding;
}

const WG = 256;
// A million invocations fill any GPU (the grid-stride loop covers more). A software adapter
// pays per workgroup, so there a few hundred long loops run faster.
const MAX_WORKGROUPS = 4096;
const SOFTWARE_MAX_WORKGROUPS = 256;

export async function reluBackward(
  ctx: GpuContext,
  shape: ReluBackwardShape,
  buffers: ReluBackwardBuffers,
  label = 'relu-backward',
): Promise<Dispatch[]> {
  const { count } = shape;
  requirePositiveIntegers(label, { count });
  const d = await makeDispatch(ctx, {
    label,
    shader: reluBackwardShader,
    constants: { COUNT: count },
    bindings: [buffers.act, buffers.grad],
    workgroups: gridStrideWorkgroups(count, WG, ctx.software ? SOFTWARE_MAX_WORKGROUPS : MAX_WORKGROUPS),
  });
  return [d];
}
