// bias-grad: the bias gradient, a per-channel sum of dy over batch (and space for conv).
import code from '../../shaders/bias-grad.wgsl?raw';
import { ceilDiv, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import type { BiasGradShape } from '../../model/op-shapes.ts';

export const biasGradShader = { name: 'bias-grad', code };

export type { BiasGradShape };

export interface BiasGradBuffers {
  dy: Binding;
  /** [channels], overwritten. */
  db: Binding;
}

const MAX_WORKGROUPS = 65535;
// Sums up to this long run serially, one invocation per channel: a dense layer's batch. A
// 256-wide tree reduction spends more on its barriers than on so few terms, on any adapter.
// Rows of channels (inner 1: a dense layer, an lstm's gates over batch·steps rows) run serially
// at any length: neighbouring invocations read neighbouring floats, and the tree's 256-wide
// workgroups and barriers cost SwiftShader far more for the rnn's 1792 × 512 gate gradients
// (docs/ENGINE-KERNELS-NOTES.md).
const SERIAL_MAX_TERMS = 1024;
const SERIAL_WG = 64;

export async function biasGrad(ctx: GpuContext, shape: BiasGradShape, buffers: BiasGradBuffers, label = 'bias-grad'): Promise<Dispatch[]> {
  requirePositiveIntegers(label, { outer: shape.outer, channels: shape.channels, inner: shape.inner });
  if (shape.channels > MAX_WORKGROUPS) throw new Error(`${label}: channels ${shape.channels} exceeds ${MAX_WORKGROUPS}`);
  const constants = { OUTER: shape.outer, CHANNELS: shape.channels, INNER: shape.inner };
  const bindings = [buffers.dy, buffers.db];
  const d =
    shape.outer * shape.inner <= SERIAL_MAX_TERMS || shape.inner === 1
      ? await makeDispatch(ctx, {
          label,
          shader: biasGradShader,
          entryPoint: 'serial',
          constants,
          bindings,
          workgroups: [ceilDiv(shape.channels, SERIAL_WG), 1, 1],
        })
      : await makeDispatch(ctx, { label, shader: biasGradShader, constants, bindings, workgroups: [shape.channels, 1, 1] });
  return [d];
}
