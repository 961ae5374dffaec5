// bias-grad: the bias gradient, a per-channel sum of dy over batch (and space for conv).
import code from '../../shaders/bias-grad.wgsl?raw';
import { makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';

export const biasGradShader = { name: 'bias-grad', code };

/** dy viewed as [outer, channels, inner]: dense [batch, units, 1], conv [batch, channels, H·W]. */
export interface BiasGradShape {
  outer: number;
  channels: number;
  inner: number;
}

export interface BiasGradBuffers {
  dy: Binding;
  /** [channels], overwritten. */
  db: Binding;
}

const MAX_WORKGROUPS = 65535;

export async function biasGrad(ctx: GpuContext, shape: BiasGradShape, buffers: BiasGradBuffers, label = 'bias-grad'): Promise<Dispatch[]> {
  for (const name of ['outer', 'channels', 'inner'] as const) {
    const v = shape[name];
    if (!Number.isInteger(v) || v < 1) throw new Error(`${label}: ${name} must be a positive integer, got ${v}`);
  }
  if (shape.channels > MAX_WORKGROUPS) throw new Error(`${label}: channels ${shape.channels} exceeds ${MAX_WORKGROUPS}`);
  const d = await makeDispatch(ctx, {
    label,
    shader: biasGradShader,
    constants: { OUTER: shape.outer, CHANNELS: shape.channels, INNER: shape.inner },
    bindings: [buffers.dy, buffers.db],
    workgroups: [shape.channels, 1, 1],
  });
  return [d];
}
