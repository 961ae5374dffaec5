// dropout: a fresh mask every step, drawn from a hash of (sample, unit, step, seed, layer), so the
// backward recomputes it instead of storing it and a run reproduces. Reading skips the layer.
import { dropout as dropoutKernel, dropoutBackward } from '../kernels/dropout.ts';
import { dropoutShape } from '../../model/kinds/dropout.ts';
import type { DropoutSpec } from '../../model/layer-spec.ts';
import type { Dispatch } from '../dispatch.ts';
import type { GpuLayer } from './layer.ts';

export const dropout: GpuLayer<DropoutSpec> = {
  passThrough: (_spec, mode) => mode === 'eval',
  async build({ ctx, spec, layer, batch, x, y, steps, train }) {
    if (steps.length === 0) throw new Error(`${spec.name}: dropout in training needs the step uniform`);
    const shape = dropoutShape(spec, layer.input, batch, layer.index);
    const forward: Dispatch[][] = [];
    const backward: Dispatch[][] = [];
    for (const [i, step] of steps.entries()) {
      forward.push(await dropoutKernel(ctx, shape, { x, y, step }, `${spec.name}.forward.${i}`));
      backward.push(train?.dx ? await dropoutBackward(ctx, shape, { dy: train.dy, dx: train.dx, step }, `${spec.name}.backward.${i}`) : []);
    }
    return { forward: (slot) => forward[slot], backward: (slot) => backward[slot] };
  },
};
