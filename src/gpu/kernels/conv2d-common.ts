// What the convolution's kernels share (conv2d.ts: forward and input gradient; conv2d-grad-filter.ts):
// the tiled kernels' register blocks and constants, and the software path's zero-bordered input
// (conv2d-padded.wgsl): x bordered so that every tap of every output pixel lies inside.
import { bindingBytes, ceilDiv, type Binding } from '../dispatch.ts';
import type { Conv2dGeometry, Conv2dShape } from '../../model/geometry.ts';
import type { Constants } from '../pipelines.ts';
import { padBytes, type PadShape } from './pad.ts';

// Each invocation holds a 4×4 block of C in registers, so a workgroup of wg.m × wg.n invocations
// covers a (4·wg.m) × (4·wg.n) tile. Small dimensions get narrow tiles: outC = 32 needs no 64 wide.
export const REG = 4;
export const MAX_TK = 16;
export const MAX_GRID = 65535;
/** Workgroup size of the barrier-free variants for software adapters (ctx.software). */
export const REGISTER_WG = 64;

export function wgFor(dim: number): number {
  return dim <= 4 * 4 ? 4 : dim <= 4 * 8 ? 8 : 16;
}

export function shapeConstants(s: Conv2dShape, g: Conv2dGeometry): Constants {
  return {
    BATCH: s.batch,
    IN_C: s.inC,
    IN_H: s.inH,
    IN_W: s.inW,
    OUT_C: s.outC,
    OUT_H: g.outH,
    OUT_W: g.outW,
    KSIZE: s.kernel,
    STRIDE: s.stride,
    PAD_T: g.padTop,
    PAD_L: g.padLeft,
  };
}

/** Where x sits inside its zero-bordered copy, and the copy's size. */
export function paddedInput(s: Conv2dShape, g: Conv2dGeometry): PadShape {
  const outH = (g.outH - 1) * s.stride + s.kernel;
  const outW = (g.outW - 1) * s.stride + s.kernel;
  return { planes: s.batch * s.inC, inH: s.inH, inW: s.inW, outH, outW, top: g.padTop, left: g.padLeft };
}

export const PADDED_PIXELS = 4;
/** Channels per invocation: two blocks of 8, or one where there are 8 or fewer (conv2d-padded.wgsl's WIDE). */
export const paddedChannels = (N: number) => (N > 8 ? 16 : 8);

export function paddedWorkgroups(M: number, N: number, pixels = PADDED_PIXELS) {
  return [ceilDiv(ceilDiv(M, pixels), REGISTER_WG), ceilDiv(N, paddedChannels(N)), 1] as const;
}

/** Whether the software path can take this convolution (its grid fits). */
export function softwarePath(software: boolean | undefined, s: Conv2dShape, g: Conv2dGeometry): boolean {
  return Boolean(software) && paddedWorkgroups(s.batch * Math.max(g.outH * g.outW, s.inH * s.inW), 1)[0] <= MAX_GRID;
}

export function requireScratch(label: string, what: string, b: Binding | undefined, bytes: number): Binding {
  if (!b || bindingBytes(b) < bytes) throw new Error(`${label}: ${what} must hold ${bytes} bytes (conv2dScratchBytes), got ${b ? bindingBytes(b) : 'none'}`);
  return b;
}

/** The input (x itself, or its bordered copy) and geometry the software kernels read. */
export function softwareInput(s: Conv2dShape, g: Conv2dGeometry, x: Binding, padded: Binding | undefined, label: string): { x: Binding; h: number; w: number } {
  if (s.padding === 'valid') return { x, h: s.inH, w: s.inW };
  const p = paddedInput(s, g);
  return { x: requireScratch(label, 'paddedX', padded, padBytes(p)), h: p.outH, w: p.outW };
}
