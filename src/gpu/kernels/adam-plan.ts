// adam's plan: one grid-stride dispatch over the parameters in vec4s.
//   grid-stride  as many workgroups as the element-wise kernels get (planElementwise)
//   software     SOFTWARE_WORKGROUPS long loops (adam.wgsl takes two vec4s a trip)
import { ceilDiv } from '../dispatch.ts';
import { gridStrideWorkgroups, planElementwise, type DeviceFacts, type KernelPlan } from '../kernel-plan.ts';

export interface AdamShape {
  /** Parameters (and gradients, m, v) in the flat arrays, each bound as whole vec4s past it (vec4Bytes). */
  count: number;
}

const WG = 256;
// On a software adapter a handful of workgroups ran this kernel fastest, well below the cap the
// other element-wise kernels get (docs/ENGINE-KERNELS-NOTES.md); those gain nothing from fewer,
// and some lose, so the cap is this kernel's own.
const SOFTWARE_WORKGROUPS = 4;

export function planAdam(shape: AdamShape, facts: DeviceFacts): KernelPlan<'grid-stride' | 'software', 'adam'> {
  const vec4s = ceilDiv(shape.count, 4);
  return facts.software
    ? { variant: 'software', shader: 'adam', entryPoint: 'main', constants: {}, workgroups: gridStrideWorkgroups(vec4s, WG, SOFTWARE_WORKGROUPS) }
    : { variant: 'grid-stride', shader: 'adam', entryPoint: 'main', constants: {}, workgroups: planElementwise(vec4s, facts, WG) };
}
