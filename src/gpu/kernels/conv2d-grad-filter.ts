// The filter and bias gradients of conv2d (conv2d-grad-filter.wgsl), split over K into scratch
// partials that split-k-reduce.wgsl sums. Which kernel runs is conv2d-grad-filter-plan.ts's choice.
import gradFilterCode from '../../shaders/conv2d-grad-filter.wgsl?raw';
import shapeWgsl from '../../shaders/lib/conv2d-shape.wgsl?raw';
import acc8Wgsl from '../../shaders/lib/acc8.wgsl?raw';
import { bindingBytes, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { deviceFacts, planned } from '../kernel-plan.ts';
import { conv2dGeometry, type Conv2dShape } from '../../model/geometry.ts';
import { splitKReduce } from './split-k-reduce.ts';
import { softwareInput } from './conv2d-common.ts';
import { planConv2dGradFilter } from './conv2d-grad-filter-plan.ts';

// The appended fragments go after the kernel, so compile errors keep its own line numbers.
export const conv2dGradFilterShader = { name: 'conv2d-grad-filter', code: `${gradFilterCode}\n${shapeWgsl}\n${acc8Wgsl}` };

export { conv2dGradFilterScratchBytes } from './conv2d-grad-filter-plan.ts';

export interface Conv2dGradFilterBuffers {
  dy: Binding;
  x: Binding;
  /** [outC, inC, k, k], overwritten. */
  dw: Binding;
  /** [outC], overwritten with Σ dy over batch and pixels; omit to skip. */
  db?: Binding;
  /** At least conv2dGradFilterScratchBytes(shape) bytes. */
  scratch?: Binding;
  /** On a software adapter with 'same' padding: the forward pass's bordered copy of x, still current. */
  paddedX?: Binding;
}

/** dw = Σ_pixels dy ⊗ x-patch and db = Σ_pixels dy: M = outC, N = inC·k·k, K split over workgroups. */
export async function conv2dGradFilter(
  ctx: GpuContext,
  shape: Conv2dShape,
  buffers: Conv2dGradFilterBuffers,
  label = 'conv2d.grad-filter',
): Promise<Dispatch[]> {
  const g = conv2dGeometry(shape, label);
  const p = planConv2dGradFilter(shape, deviceFacts(ctx));
  const needed = p.splits * p.partial * 4;
  const { scratch } = buffers;
  if (!scratch || bindingBytes(scratch) < needed) {
    throw new Error(`${label}: scratch must hold ${needed} bytes (conv2dGradFilterScratchBytes), got ${scratch ? bindingBytes(scratch) : 'none'}`);
  }
  const x = p.variant === 'software' ? softwareInput(shape, g, buffers.x, buffers.paddedX, label) : buffers.x;
  const partials = await makeDispatch(ctx, {
    label: `${label}.partials`,
    ...planned(p, { 'conv2d-grad-filter': conv2dGradFilterShader }),
    constants: p.variant === 'software' ? { ...p.constants, DB: buffers.db ? 1 : 0 } : p.constants,
    bindings: [buffers.dy, x, scratch],
  });
  // A partial is the dw block, then the db block (outC floats).
  const dwFloats = p.partial - shape.outC;
  const reduce = (out: Binding, offset: number, count: number, what: string) =>
    splitKReduce(ctx, { splits: p.splits, partial: p.partial, offset, count }, { partials: scratch, out }, `${label}.reduce-${what}`);
  const ds = [partials, await reduce(buffers.dw, 0, dwFloats, 'dw')];
  if (buffers.db) ds.push(await reduce(buffers.db, dwFloats, shape.outC, 'db'));
  return ds;
}
