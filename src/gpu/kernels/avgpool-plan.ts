// avgpool's plan. The forward pass:
//   window  avgpool.wgsl `forward`: one invocation sums a window, in a grid-stride loop
//   reduce  avgpool.wgsl `forwardReduce`: a workgroup per output sums a wide window (global
//           pooling) with barriers, which software adapters run as costly coroutines, so there
//           every window takes `window`
// The backward pass is one gather, `backward`, one invocation per input.
import { planElementwise, type DeviceFacts, type KernelPlan } from '../kernel-plan.ts';
import { avgPoolGeometry, type AvgPoolShape } from '../../model/geometry.ts';

const WG = 256;
// Windows this large (global pooling of a 28×28 map: 784) get a workgroup each: at least two
// elements per invocation of the 64-wide reduction, and a lone invocation's loop is long.
const REDUCE_MIN_WINDOW = 128;

export type AvgPoolVariant = 'window' | 'reduce';

export function planAvgPool(
  shape: AvgPoolShape,
  facts: DeviceFacts,
): { forward: KernelPlan<AvgPoolVariant, 'avgpool'>; backward: KernelPlan<'gather', 'avgpool'> } {
  const g = avgPoolGeometry(shape);
  const outputs = shape.batch * shape.channels * g.outH * g.outW;
  const reduce = !facts.software && shape.winH * shape.winW >= REDUCE_MIN_WINDOW;
  return {
    forward: reduce
      ? // One workgroup per output.
        { variant: 'reduce', shader: 'avgpool', entryPoint: 'forwardReduce', constants: {}, workgroups: planElementwise(outputs, facts, 1) }
      : { variant: 'window', shader: 'avgpool', entryPoint: 'forward', constants: {}, workgroups: planElementwise(outputs, facts, WG) },
    backward: {
      variant: 'gather',
      shader: 'avgpool',
      entryPoint: 'backward',
      constants: {},
      workgroups: planElementwise(shape.batch * shape.channels * shape.inH * shape.inW, facts, WG),
    },
  };
}
