// dropout: training-mode dropout with inverted scaling, and its gradient through the same mask.
// The mask is drawn from a hash of (sample, unit, step t, seed, salt) in both passes, so there
// is no mask buffer (src/model/dropout-mask.ts).
import code from '../../shaders/dropout.wgsl?raw';
import hashWgsl from '../../shaders/lib/hash.wgsl?raw';
import { makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { deviceFacts, planElementwise } from '../kernel-plan.ts';
import { checkDropoutShape, dropoutScale, dropoutThreshold, type DropoutShape } from '../../model/dropout-mask.ts';
import { withStepStruct } from '../step-params.ts';

export type { DropoutShape };

// mix32() and the Step struct go after the kernel, so compile errors keep dropout.wgsl's own line numbers.
export const dropoutShader = { name: 'dropout', code: withStepStruct(`${code}\n${hashWgsl}`) };

export interface DropoutBuffers {
  /** f32 [batch, units] */
  x: Binding;
  /** f32 [batch, units], fully overwritten; must not alias x. */
  y: Binding;
  /** One slot of the per-step uniform (stepSlot in src/gpu/step-params.ts): its t and seed pick the mask. */
  step: GPUBufferBinding;
}

export interface DropoutBackwardBuffers {
  /** f32 [batch, units] */
  dy: Binding;
  /** f32 [batch, units], fully overwritten; must not alias dy. */
  dx: Binding;
  /** The same step slot as the forward pass, so the mask is the same. */
  step: GPUBufferBinding;
}

const WG = 256;

async function dispatch(ctx: GpuContext, shape: DropoutShape, entryPoint: string, bindings: Binding[], label: string): Promise<Dispatch[]> {
  checkDropoutShape(shape, label);
  const d = await makeDispatch(ctx, {
    label,
    shader: dropoutShader,
    entryPoint,
    constants: {
      BATCH: shape.batch,
      UNITS: shape.units,
      THRESHOLD: dropoutThreshold(shape.rate),
      SCALE: dropoutScale(shape.rate),
      SALT: shape.salt,
    },
    bindings,
    workgroups: planElementwise(shape.batch * shape.units, deviceFacts(ctx), WG),
  });
  return [d];
}

/** y = keep ? x / (1 − rate) : 0, with the mask of the step slot's (t, seed) and the shape's salt. */
export function dropout(ctx: GpuContext, shape: DropoutShape, buffers: DropoutBuffers, label = 'dropout'): Promise<Dispatch[]> {
  return dispatch(ctx, shape, 'forward', [buffers.x, buffers.y, buffers.step], label);
}

/** dx = keep ? dy / (1 − rate) : 0, redrawing the forward pass's mask from the same step slot. */
export function dropoutBackward(ctx: GpuContext, shape: DropoutShape, buffers: DropoutBackwardBuffers, label = 'dropout-backward'): Promise<Dispatch[]> {
  return dispatch(ctx, shape, 'backward', [buffers.dy, buffers.dx, buffers.step], label);
}
