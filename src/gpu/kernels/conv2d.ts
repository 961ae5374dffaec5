// conv2d as implicit GEMMs: forward (+bias, activation) and gradient w.r.t. the input; the filter
// and bias gradients are conv2d-grad-filter.ts. Activations NCHW, filters [outC, inC, k, k];
// padding and output size follow TF/Keras.
import forwardCode from '../../shaders/conv2d.wgsl?raw';
import gradInputCode from '../../shaders/conv2d-grad-input.wgsl?raw';
import paddedCode from '../../shaders/conv2d-padded.wgsl?raw';
import paddedStoreCode from '../../shaders/conv2d-padded-store.wgsl?raw';
import paddedStoreQuadsCode from '../../shaders/conv2d-padded-store-quads.wgsl?raw';
import activationWgsl from '../../shaders/activation.wgsl?raw';
import acc8Wgsl from '../../shaders/acc8.wgsl?raw';
import { ceilDiv, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { conv2dGeometry, type Conv2dGeometry, type Conv2dShape } from '../../model/geometry.ts';
import { activationCode } from '../../model/activation.ts';
import type { Constants, ShaderSource } from '../pipelines.ts';
import { pad, padBytes, type PadShape } from './pad.ts';
import {
  MAX_GRID,
  MAX_TK,
  PADDED_PIXELS,
  REG,
  REGISTER_WG,
  paddedChannels,
  paddedInput,
  paddedWorkgroups,
  requireScratch,
  shapeConstants,
  softwareInput,
  softwarePath,
  wgFor,
} from './conv2d-common.ts';
import { conv2dGradFilterScratchBytes } from './conv2d-grad-filter.ts';

// activate() goes after the kernel, so compile errors keep conv2d.wgsl's own line numbers.
export const conv2dShader = { name: 'conv2d', code: `${forwardCode}\n${activationWgsl}` };
export const conv2dGradInputShader = { name: 'conv2d-grad-input', code: gradInputCode };
export const conv2dPaddedShader = { name: 'conv2d-padded', code: `${paddedCode}\n${paddedStoreCode}\n${activationWgsl}\n${acc8Wgsl}` };
export const conv2dPaddedQuadsShader = { name: 'conv2d-padded-quads', code: `${paddedCode}\n${paddedStoreQuadsCode}\n${activationWgsl}\n${acc8Wgsl}` };

/** The software convolution for an output of `pixels` per image and channel: vec4 stores where they come in whole quads. */
function paddedShader(pixels: number): ShaderSource {
  return pixels % 4 === 0 ? conv2dPaddedQuadsShader : conv2dPaddedShader;
}

/** Tiling and grid for an implicit GEMM whose rows are pixels; M tiles fold into grid z past 65535. */
function pixelGemm(M: number, N: number, K: number) {
  const wgM = wgFor(M);
  const wgN = wgFor(N);
  // The A-tile loader steps through k in strides of wgN / 4 rows; TK must be a multiple of it.
  const kStep = wgN / REG;
  const tk = K >= MAX_TK ? MAX_TK : ceilDiv(K, kStep) * kStep;
  const tilesM = ceilDiv(M, REG * wgM);
  const tilesX = Math.min(tilesM, MAX_GRID);
  const constants = { WG_M: wgM, WG_N: wgN, TK: tk, TILES_X: tilesX };
  return { constants, workgroups: [tilesX, ceilDiv(N, REG * wgN), ceilDiv(tilesM, tilesX)] as const };
}

/**
 * On a software adapter, the barrier-free 'registers' entry of a pixel-rows shader: 4 pixels × 4
 * channels per invocation over M pixels and N channels. Null on GPUs, or where the grid is too big.
 */
async function registerVariant(
  ctx: GpuContext,
  label: string,
  shader: ShaderSource,
  M: number,
  N: number,
  constants: Constants,
  bindings: Binding[],
): Promise<Dispatch[] | null> {
  const workgroups = [ceilDiv(ceilDiv(M, REG), REGISTER_WG), ceilDiv(N, REG), 1] as const;
  if (!ctx.software || workgroups[0] > MAX_GRID) return null;
  return [await makeDispatch(ctx, { label, shader, entryPoint: 'registers', constants, bindings, workgroups })];
}

export interface Conv2dBuffers {
  x: Binding;
  w: Binding;
  /** Length outC; omit for none. */
  bias?: Binding;
  out: Binding;
  /** On a software adapter with 'same' padding: x's zero-bordered copy (conv2dScratchBytes 'padded-x'). */
  paddedX?: Binding;
}

// The software path (conv2d-padded.wgsl) reads a zero-bordered copy of its input: for the forward
// pass and the filter gradient, x bordered so that every tap of every output pixel lies inside;
// for the input gradient of a stride-1 convolution, dy bordered by k − 1 − pad, which turns it
// into a 'valid' convolution with the flipped filter. A 'valid' forward reads x as it is.

/** dy inside its zero-bordered copy, for the stride-1 input gradient. */
function paddedGrad(s: Conv2dShape, g: Conv2dGeometry): PadShape {
  const k = s.kernel;
  return { planes: s.batch * s.outC, inH: g.outH, inW: g.outW, outH: s.inH + k - 1, outW: s.inW + k - 1, top: k - 1 - g.padTop, left: k - 1 - g.padLeft };
}

// 8 pixels per invocation (conv2d-padded.wgsl's TALL) read a third less per multiply-add, where
// the grid keeps at least this many workgroups for the CPU's threads.
const MIN_TALL_WORKGROUPS = 8;

/** The software convolution's grid for M pixels and N output channels, and its WIDE and TALL. */
function paddedGrid(M: number, N: number) {
  const tall = paddedWorkgroups(M, N, 2 * PADDED_PIXELS);
  const isTall = tall[0] * tall[1] >= MIN_TALL_WORKGROUPS;
  return {
    constants: { WIDE: paddedChannels(N) === 16 ? 1 : 0, TALL: isTall ? 1 : 0 },
    workgroups: isTall ? tall : paddedWorkgroups(M, N),
  };
}

/**
 * Bytes of each buffer the convolution needs besides its input, output and gradients, by name:
 * the filter gradient's split-K partials, and on a software adapter the zero-bordered copies.
 */
export function conv2dScratchBytes(shape: Conv2dShape, o: { software: boolean; train: boolean; dx: boolean }): Record<string, number> {
  const g = conv2dGeometry(shape);
  const sizes: Record<string, number> = {};
  const software = softwarePath(o.software, shape, g);
  if (software && shape.padding !== 'valid') sizes['padded-x'] = padBytes(paddedInput(shape, g));
  if (!o.train) return sizes;
  if (software && o.dx && shape.stride === 1) sizes['padded-dy'] = padBytes(paddedGrad(shape, g));
  sizes['grad-filter-scratch'] = conv2dGradFilterScratchBytes(shape);
  return sizes;
}

/** out = activation(conv(x, w) + bias): M = batch·outH·outW pixels, N = outC, K = inC·k·k taps. */
export async function conv2d(ctx: GpuContext, shape: Conv2dShape, buffers: Conv2dBuffers, label = 'conv2d'): Promise<Dispatch[]> {
  const g = conv2dGeometry(shape, label);
  const M = shape.batch * g.outH * g.outW;
  const common = { BIAS: buffers.bias ? 1 : 0, ACTIVATION: activationCode(shape.activation ?? 'none', label) };
  // With no bias the binding is still declared; any read-only buffer stands in, unread.
  const bias = buffers.bias ?? buffers.w;
  if (softwarePath(ctx.software, shape, g)) {
    const input = softwareInput(shape, g, buffers.x, buffers.paddedX, label);
    const ds = shape.padding === 'valid' ? [] : [await pad(ctx, paddedInput(shape, g), { x: buffers.x, padded: input.x }, `${label}.pad`)];
    const k = shape.kernel;
    const grid = paddedGrid(M, shape.outC);
    ds.push(
      await makeDispatch(ctx, {
        label,
        shader: paddedShader(g.outH * g.outW),
        constants: {
          BATCH: shape.batch,
          IN_C: shape.inC,
          IN_H: input.h,
          IN_W: input.w,
          OUT_C: shape.outC,
          OUT_H: g.outH,
          OUT_W: g.outW,
          KSIZE: k,
          STRIDE: shape.stride,
          WO: shape.inC * k * k,
          WC: k * k,
          WKH: k,
          ...grid.constants,
          ...common,
        },
        bindings: [input.x, buffers.w, bias, buffers.out],
        workgroups: grid.workgroups,
      }),
    );
    return ds;
  }
  const { constants, workgroups } = pixelGemm(M, shape.outC, shape.inC * shape.kernel * shape.kernel);
  const d = await makeDispatch(ctx, {
    label,
    shader: conv2dShader,
    constants: { ...shapeConstants(shape, g), ...common, ...constants },
    bindings: [buffers.x, buffers.w, bias, buffers.out],
    workgroups,
  });
  return [d];
}

export interface Conv2dGradInputBuffers {
  /** Gradient w.r.t. the pre-activation output, [batch, outC, outH, outW]. */
  dy: Binding;
  w: Binding;
  /** [batch, inC, inH, inW], overwritten. */
  dx: Binding;
  /** On a software adapter at stride 1: dy's zero-bordered copy (conv2dScratchBytes 'padded-dy'). */
  paddedDy?: Binding;
}

/** dx = conv2dᵀ(dy, w): M = batch·inH·inW pixels, N = inC, K = outC·k·k taps (strided-off taps read 0). */
export async function conv2dGradInput(ctx: GpuContext, shape: Conv2dShape, buffers: Conv2dGradInputBuffers, label = 'conv2d.grad-input'): Promise<Dispatch[]> {
  const g = conv2dGeometry(shape, label);
  const M = shape.batch * shape.inH * shape.inW;
  if (softwarePath(ctx.software, shape, g) && shape.stride === 1) {
    const p = paddedGrad(shape, g);
    const padded = requireScratch(label, 'paddedDy', buffers.paddedDy, padBytes(p));
    const k = shape.kernel;
    const grid = paddedGrid(M, shape.inC);
    // The kernel's output channel is the layer's input channel c and its input channel the
    // layer's output channel o; tap (kh, kw) reads the flipped w[o, c, k − 1 − kh, k − 1 − kw].
    const convT = await makeDispatch(ctx, {
      label,
      shader: paddedShader(shape.inH * shape.inW),
      constants: {
        BATCH: shape.batch,
        IN_C: shape.outC,
        IN_H: p.outH,
        IN_W: p.outW,
        OUT_C: shape.inC,
        OUT_H: shape.inH,
        OUT_W: shape.inW,
        KSIZE: k,
        W0: k * k - 1,
        WO: k * k,
        WC: shape.inC * k * k,
        WKH: -k,
        WKW: -1,
        ...grid.constants,
      },
      bindings: [padded, buffers.w, buffers.w, buffers.dx],
      workgroups: grid.workgroups,
    });
    return [await pad(ctx, p, { x: buffers.dy, padded }, `${label}.pad`), convT];
  }
  const bindings = [buffers.dy, buffers.w, buffers.dx];
  const registers = await registerVariant(ctx, label, conv2dGradInputShader, M, shape.inC, shapeConstants(shape, g), bindings);
  if (registers) return registers;
  const { constants, workgroups } = pixelGemm(M, shape.inC, shape.outC * shape.kernel * shape.kernel);
  const d = await makeDispatch(ctx, {
    label,
    shader: conv2dGradInputShader,
    constants: { ...shapeConstants(shape, g), ...constants },
    bindings,
    workgroups,
  });
  return [d];
}
