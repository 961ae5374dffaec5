// Copies a [planes, h, w] tensor into the interior of a zero-bordered [planes, outH, outW] one, so
// that the kernels reading it need no bounds tests (conv2d-software.wgsl).
import code from '../../shaders/pad.wgsl?raw';
import { makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { deviceFacts, planElementwise } from '../kernel-plan.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';

export const padShader = { name: 'pad', code };

export interface PadShape {
  /** batch · channels */
  planes: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  /** Where x's first row and column land in the padded tensor. */
  top: number;
  left: number;
}

export function padBytes(s: Pick<PadShape, 'planes' | 'outH' | 'outW'>): number {
  return s.planes * s.outH * s.outW * 4;
}

/** The padded buffer must be used for nothing else: its border is never written, and stays 0. */
export function pad(ctx: GpuContext, s: PadShape, buffers: { x: Binding; padded: Binding }, label = 'pad'): Promise<Dispatch> {
  requirePositiveIntegers(label, { planes: s.planes, inH: s.inH, inW: s.inW, outH: s.outH, outW: s.outW });
  const count = s.planes * s.inH * s.inW;
  return makeDispatch(ctx, {
    label,
    shader: padShader,
    constants: { PLANES: s.planes, IN_H: s.inH, IN_W: s.inW, OUT_H: s.outH, OUT_W: s.outW, TOP: s.top, LEFT: s.left },
    bindings: [buffers.x, buffers.padded],
    workgroups: planElementwise(count, deviceFacts(ctx)),
  });
}
