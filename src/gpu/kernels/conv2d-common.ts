// What the convolution's kernels and plans share (conv2d.ts: forward and input gradient;
// conv2d-grad-filter.ts; their plans): the tiled kernels' register blocks, the shape overrides of
// src/shaders/lib/conv2d-shape.wgsl, and the software variants' zero-bordered copies: x bordered so
// that every tap of every output pixel lies inside, and for the stride-1 input gradient dy bordered
// by k − 1 − pad, which turns it into a 'valid' convolution with the flipped filter.
import { bindingBytes, type Binding } from '../dispatch.ts';
import type { Conv2dGeometry, Conv2dShape } from '../../model/geometry.ts';
import type { Constants } from '../pipelines.ts';
import { padBytes, type PadShape } from './pad.ts';

// Each invocation holds a 4×4 block of C in registers, so a workgroup of wg.m × wg.n invocations
// covers a (4·wg.m) × (4·wg.n) tile. Small dimensions get narrow tiles: outC = 32 needs no 64 wide.
export const REG = 4;
export const MAX_TK = 16;
export const MAX_GRID = 65535;
/** Workgroup size of the software variants. */
export const SOFTWARE_WG = 64;

export function wgFor(dim: number): number {
  return dim <= 4 * 4 ? 4 : dim <= 4 * 8 ? 8 : 16;
}

/** lib/conv2d-shape.wgsl's overrides. */
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
export function borderedInput(s: Conv2dShape, g: Conv2dGeometry): PadShape {
  const outH = (g.outH - 1) * s.stride + s.kernel;
  const outW = (g.outW - 1) * s.stride + s.kernel;
  return { planes: s.batch * s.inC, inH: s.inH, inW: s.inW, outH, outW, top: g.padTop, left: g.padLeft };
}

/** dy inside its zero-bordered copy, for the stride-1 input gradient. */
export function borderedGrad(s: Conv2dShape, g: Conv2dGeometry): PadShape {
  const k = s.kernel;
  return { planes: s.batch * s.outC, inH: g.outH, inW: g.outW, outH: s.inH + k - 1, outW: s.inW + k - 1, top: k - 1 - g.padTop, left: k - 1 - g.padLeft };
}

/** The height and width of what the software variants read as x: x itself ('valid'), or its bordered copy. */
export function softwareInputSize(s: Conv2dShape, g: Conv2dGeometry): { h: number; w: number } {
  if (s.padding === 'valid') return { h: s.inH, w: s.inW };
  const p = borderedInput(s, g);
  return { h: p.outH, w: p.outW };
}

export function requireScratch(label: string, what: string, b: Binding | undefined, bytes: number): Binding {
  if (!b || bindingBytes(b) < bytes) throw new Error(`${label}: ${what} must hold ${bytes} bytes (conv2dScratchBytes), got ${b ? bindingBytes(b) : 'none'}`);
  return b;
}

/** The binding the software variants read as x: x itself ('valid'), or its bordered copy, checked to fit. */
export function softwareInput(s: Conv2dShape, g: Conv2dGeometry, x: Binding, bordered: Binding | undefined, label: string): Binding {
  return s.padding === 'valid' ? x : requireScratch(label, 'paddedX', bordered, padBytes(borderedInput(s, g)));
}
