// maxpool's plan. The forward pass is one row of outputs an invocation (`forward`). The backward:
//   tiles     `backwardTiles`: windows that tile the input exactly are scattered whole, a row of
//             them an invocation, with nothing left for a gather to zero
//   disjoint  `backwardDisjoint`: windows apart (stride ≥ size) with rows or columns left over:
//             each input has at most one window to ask
//   gather    `backward`: overlapping windows, each input gathers from every window over it
// All walk a grid-stride loop, so the device facts cap only the grid.
import { planElementwise, type DeviceFacts, type KernelPlan } from '../kernel-plan.ts';
import { poolGeometry, type PoolShape } from '../../model/geometry.ts';

export type MaxPoolBackwardVariant = 'tiles' | 'disjoint' | 'gather';

const WG = 256;

export function planMaxPool(
  shape: PoolShape,
  facts: DeviceFacts,
): { forward: KernelPlan<'rows', 'maxpool'>; backward: KernelPlan<MaxPoolBackwardVariant, 'maxpool'> } {
  const g = poolGeometry(shape);
  const planes = shape.batch * shape.channels;
  const tiles = shape.stride === shape.size && g.outH * shape.size === shape.inH && g.outW * shape.size === shape.inW;
  const disjoint = shape.stride >= shape.size;
  const variant = tiles ? 'tiles' : disjoint ? 'disjoint' : 'gather';
  return {
    forward: { variant: 'rows', shader: 'maxpool', entryPoint: 'forward', constants: {}, workgroups: planElementwise(planes * g.outH, facts, WG) },
    backward: {
      variant,
      shader: 'maxpool',
      entryPoint: { tiles: 'backwardTiles', disjoint: 'backwardDisjoint', gather: 'backward' }[variant],
      constants: {},
      // Tiles: one invocation per row of outputs; the others, one per input.
      workgroups: planElementwise(planes * (tiles ? g.outH : shape.inH * shape.inW), facts, WG),
    },
  };
}
