// conv2d as implicit GEMMs: forward (+bias, activation), gradient w.r.t. the input, and gradient
// w.r.t. the filter and bias (split over K into scratch partials, then reduced).
// Activations NCHW, filters [outC, inC, k, k]; padding and output size follow TF/Keras.
import forwardCode from '../../shaders/conv2d.wgsl?raw';
import gradInputCode from '../../shaders/conv2d-grad-input.wgsl?raw';
import gradFilterCode from '../../shaders/conv2d-grad-filter.wgsl?raw';
import paddedCode from '../../shaders/conv2d-padded.wgsl?raw';
import paddedStoreCode from '../../shaders/conv2d-padded-store.wgsl?raw';
import paddedStoreQuadsCode from '../../shaders/conv2d-padded-store-quads.wgsl?raw';
import activationWgsl from '../../shaders/activation.wgsl?raw';
import acc8Wgsl from '../../shaders/acc8.wgsl?raw';
import { bindingBytes, ceilDiv, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { conv2dGeometry, type Conv2dGeometry, type Conv2dShape } from '../../model/geometry.ts';
import { activationCode } from '../../model/activation.ts';
import type { Constants, ShaderSource } from '../pipelines.ts';
import { splitKReduce } from './split-k-reduce.ts';
import { pad, padBytes, type PadShape } from './pad.ts';

// activate() goes after the kernel, so compile errors keep conv2d.wgsl's own line numbers.
export const conv2dShader = { name: 'conv2d', code: `${forwardCode}\n${activationWgsl}` };
export const conv2dGradInputShader = { name: 'conv2d-grad-input', code: gradInputCode };
// Appended files go after the kernel, so compile errors keep its own line numbers.
export const conv2dGradFilterShader = { name: 'conv2d-grad-filter', code: `${gradFilterCode}\n${acc8Wgsl}` };
export const conv2dPaddedShader = { name: 'conv2d-padded', code: `${paddedCode}\n${paddedStoreCode}\n${activationWgsl}\n${acc8Wgsl}` };
export const conv2dPaddedQuadsShader = { name: 'conv2d-padded-quads', code: `${paddedCode}\n${paddedStoreQuadsCode}\n${activationWgsl}\n${acc8Wgsl}` };

/** The software convolution for an output of `pixels` per image and channel: vec4 stores where they come in whole quads. */
function paddedShader(pixels: number): ShaderSource {
  return pixels % 4 === 0 ? conv2dPaddedQuadsShader : conv2dPaddedShader;
}

// Each invocation holds a 4×4 block of C in registers, so a workgroup of wg.m × wg.n invocations
// covers a (4·wg.m) × (4·wg.n) tile. Small dimensions get narrow tiles: outC = 32 needs no 64 wide.
const REG = 4;
const MAX_TK = 16;
const MAX_GRID = 65535;
/** Workgroup size of the barrier-free variants for software adapters (ctx.software). */
const REGISTER_WG = 64;

function wgFor(dim: number): number {
  return dim <= 4 * 4 ? 4 : dim <= 4 * 8 ? 8 : 16;
}

function shapeConstants(s: Conv2dShape, g: Conv2dGeometry): Constants {
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

/** Where x sits inside its zero-bordered copy, and the copy's size. */
function paddedInput(s: Conv2dShape, g: Conv2dGeometry): PadShape {
  const outH = (g.outH - 1) * s.stride + s.kernel;
  const outW = (g.outW - 1) * s.stride + s.kernel;
  return { planes: s.batch * s.inC, inH: s.inH, inW: s.inW, outH, outW, top: g.padTop, left: g.padLeft };
}

/** dy inside its zero-bordered copy, for the stride-1 input gradient. */
function paddedGrad(s: Conv2dShape, g: Conv2dGeometry): PadShape {
  const k = s.kernel;
  return { planes: s.batch * s.outC, inH: g.outH, inW: g.outW, outH: s.inH + k - 1, outW: s.inW + k - 1, top: k - 1 - g.padTop, left: k - 1 - g.padLeft };
}

const PADDED_PIXELS = 4;
/** Channels per invocation: two blocks of 8, or one where there are 8 or fewer (conv2d-padded.wgsl's WIDE). */
const paddedChannels = (N: number) => (N > 8 ? 16 : 8);
// 8 pixels per invocation (conv2d-padded.wgsl's TALL) read a third less per multiply-add, where
// the grid keeps at least this many workgroups for the CPU's threads.
const MIN_TALL_WORKGROUPS = 8;

function paddedWorkgroups(M: number, N: number, pixels = PADDED_PIXELS) {
  return [ceilDiv(ceilDiv(M, pixels), REGISTER_WG), ceilDiv(N, paddedChannels(N)), 1] as const;
}

/** The software convolution's grid for M pixels and N output channels, and its WIDE and TALL. */
function paddedGrid(M: number, N: number) {
  const tall = paddedWorkgroups(M, N, 2 * PADDED_PIXELS);
  const isTall = tall[0] * tall[1] >= MIN_TALL_WORKGROUPS;
  return {
    constants: { WIDE: paddedChannels(N) === 16 ? 1 : 0, TALL: isTall ? 1 : 0 },
    workgroups: isTall ? tall : paddedWorkgroups(M, N),
  };
}

/** Whether the software path can take this convolution (its grid fits). */
function softwarePath(software: boolean | undefined, s: Conv2dShape, g: Conv2dGeometry): boolean {
  return Boolean(software) && paddedWorkgroups(s.batch * Math.max(g.outH * g.outW, s.inH * s.inW), 1)[0] <= MAX_GRID;
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

function requireScratch(label: string, what: string, b: Binding | undefined, bytes: number): Binding {
  if (!b || bindingBytes(b) < bytes) throw new Error(`${label}: ${what} must hold ${bytes} bytes (conv2dScratchBytes), got ${b ? bindingBytes(b) : 'none'}`);
  return b;
}

/** The input (x itself, or its bordered copy) and geometry the software kernels read. */
function softwareInput(s: Conv2dShape, g: Conv2dGeometry, x: Binding, padded: Binding | undefined, label: string): { x: Binding; h: number; w: number } {
  if (s.padding === 'valid') return { x, h: s.inH, w: s.inW };
  const p = paddedInput(s, g);
  return { x: requireScratch(label, 'paddedX', padded, padBytes(p)), h: p.outH, w: p.outW };
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

// The filter gradient sums over K = batch·outH·outW (43k for the seed CNN at batch 64) into a tiny
// outC × inC·k·k result, so K is split over workgroups: enough of them to fill a big GPU, each
// with at least MIN_CHUNK terms so partials stay few.
const TARGET_WORKGROUPS = 256;
const MIN_CHUNK = 8 * MAX_TK;
const MAX_SPLITS = 256;

// On a software adapter the filter gradient runs barrier-free (the 'registers' entry point): each
// of a 64-lane workgroup's splits takes every splits-th row of output pixels for one 4×8 block of
// dw. Splits are as few as keep SOFTWARE_INVOCATIONS to twice that busy (a few dozen workgroups,
// plenty for a CPU's threads): each one more is a whole partial (M·N floats) written and summed
// again. cnn-bn's conv 64 → 128 at 7×7, batch 32: 64 splits took 218 ms a step (partials and
// their sum), 2 splits 131.
const SOFTWARE_INVOCATIONS = 4096;

/** A power of two from 1 to 64, at most the rows to share out. */
export function softwareSplits(blocks: number, rows: number): number {
  let splits = REGISTER_WG;
  while (splits > 1 && (splits * blocks > 2 * SOFTWARE_INVOCATIONS || splits > rows)) splits /= 2;
  return splits;
}

/**
 * The software filter gradient's taps per block (conv2d-grad-filter.wgsl's TAPS): of 8, 12 and 16,
 * the one that leaves fewest idle, the widest on a tie (fewer reads per multiply-add).
 */
export function softwareTaps(n: number): 8 | 12 | 16 {
  const idle = (t: number) => ceilDiv(n, t) * t - n;
  return ([16, 12, 8] as const).reduce((best, t) => (idle(t) < idle(best) ? t : best));
}

/** The software filter gradient's output channels per block (conv2d-grad-filter.wgsl's CHANNELS). */
export function softwareChannels(outC: number): 4 | 8 {
  return outC > 4 ? 8 : 4;
}

function gradFilterPlan(s: Conv2dShape, software = false) {
  const g = conv2dGeometry(s);
  const M = s.outC;
  const N = s.inC * s.kernel * s.kernel;
  const K = s.batch * g.outH * g.outW;
  const wgM = wgFor(M);
  const wgN = wgFor(N);
  // One partial per split: the dw block (M·N) followed by the db block (M).
  const partial = M * N + M;
  if (software) {
    const taps = softwareTaps(N);
    const channels = softwareChannels(M);
    const splits = softwareSplits(ceilDiv(M, channels) * ceilDiv(N, taps), s.batch * g.outH);
    return { g, M, N, K, wgM, wgN, chunk: 0, splits, partial, taps, channels };
  }
  const tiles = ceilDiv(M, REG * wgM) * ceilDiv(N, REG * wgN);
  const wanted = Math.min(MAX_SPLITS, Math.max(1, Math.round(TARGET_WORKGROUPS / tiles)));
  const chunk = Math.max(MIN_CHUNK, ceilDiv(ceilDiv(K, wanted), MAX_TK) * MAX_TK);
  const splits = ceilDiv(K, chunk);
  return { g, M, N, K, wgM, wgN, chunk, splits, partial, taps: 0, channels: 0 };
}

/** Bytes of scratch conv2dGradFilter needs for its split-K partials, on any adapter. */
export function conv2dGradFilterScratchBytes(shape: Conv2dShape): number {
  return Math.max(
    ...[false, true].map((software) => {
      const p = gradFilterPlan(shape, software);
      return p.splits * p.partial * 4;
    }),
  );
}

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
  const software = softwarePath(ctx.software, shape, g);
  const p = gradFilterPlan(shape, software);
  const needed = p.splits * p.partial * 4;
  const { scratch } = buffers;
  if (!scratch || bindingBytes(scratch) < needed) {
    throw new Error(`${label}: scratch must hold ${needed} bytes (conv2dGradFilterScratchBytes), got ${scratch ? bindingBytes(scratch) : 'none'}`);
  }
  // Software: the taps read x's bordered copy as a 'valid' convolution's input, with no masks.
  const input = software ? softwareInput(shape, g, buffers.x, buffers.paddedX, label) : null;
  const read = input ? { ...shape, inH: input.h, inW: input.w, padding: 'valid' as const } : shape;
  const partials = input
    ? await makeDispatch(ctx, {
        label: `${label}.partials`,
        shader: conv2dGradFilterShader,
        entryPoint: 'registers',
        constants: {
          ...shapeConstants(read, conv2dGeometry(read, label)),
          SPLITS: p.splits,
          PARTIAL: p.partial,
          DB: buffers.db ? 1 : 0,
          TAPS: p.taps,
          CHANNELS: p.channels,
        },
        bindings: [buffers.dy, input.x, scratch],
        workgroups: [1, ceilDiv(p.M, p.channels), ceilDiv(ceilDiv(p.N, p.taps), REGISTER_WG / p.splits)],
      })
    : await makeDispatch(ctx, {
        label: `${label}.partials`,
        shader: conv2dGradFilterShader,
        constants: { ...shapeConstants(shape, p.g), WG_M: p.wgM, WG_N: p.wgN, CHUNK: p.chunk, PARTIAL: p.partial },
        bindings: [buffers.dy, buffers.x, scratch],
        workgroups: [ceilDiv(p.M, REG * p.wgM), ceilDiv(p.N, REG * p.wgN), p.splits],
      });
  const reduce = (out: Binding, offset: number, count: number, what: string) =>
    splitKReduce(ctx, { splits: p.splits, partial: p.partial, offset, count }, { partials: scratch, out }, `${label}.reduce-${what}`);
  const ds = [partials, await reduce(buffers.dw, 0, p.M * p.N, 'dw')];
  if (buffers.db) ds.push(await reduce(buffers.db, p.M * p.N, p.M, 'db'));
  return ds;
}
