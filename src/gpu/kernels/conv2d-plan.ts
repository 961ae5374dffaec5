// conv2d's plans for the forward pass and the input gradient (the filter gradient's is
// conv2d-grad-filter-plan.ts):
//   tiled                   conv2d.wgsl / conv2d-grad-input.wgsl `main`: implicit GEMM tiles
//                           through workgroup memory (a real GPU)
//   software                forward: conv2d-software.wgsl over x or its zero-bordered copy;
//                           input gradient at stride ≠ 1: conv2d-grad-input.wgsl `software`
//   software-vec4           forward: the same with vec4 stores, where an image's output pixels
//                           come in whole vec4s
//   software-flipped(-vec4) input gradient at stride 1: conv2d-software.wgsl over dy's bordered
//                           copy with the filter transposed and flipped
// On a software adapter the software variants run wherever their grid fits.
import { ceilDiv } from '../dispatch.ts';
import type { DeviceFacts, KernelPlan } from '../kernel-plan.ts';
import { conv2dGeometry, type Conv2dGeometry, type Conv2dShape } from '../../model/geometry.ts';
import type { Constants } from '../pipelines.ts';
import type { PadShape } from './pad.ts';
import { MAX_GRID, MAX_TK, REG, SOFTWARE_WG, borderedGrad, borderedInput, shapeConstants, softwareInputSize, wgFor } from './conv2d-common.ts';

export type Conv2dShaderName = 'conv2d' | 'conv2d-grad-input' | 'conv2d-software' | 'conv2d-software-vec4';
export type Conv2dVariant = 'tiled' | 'software' | 'software-vec4';
export type Conv2dGradInputVariant = 'tiled' | 'software' | 'software-flipped' | 'software-flipped-vec4';

export interface Conv2dPlan<V extends string = Conv2dVariant> extends KernelPlan<V, Conv2dShaderName> {
  /** The zero-bordered copy the kernel reads, made first by pad.wgsl: of x (forward) or of dy (input gradient); null for none. */
  border: PadShape | null;
}

const SOFTWARE_PIXELS = 4;
/** Channels per invocation: two blocks of 8, or one where there are 8 or fewer (conv2d-software.wgsl's WIDE). */
const softwareChannels = (N: number) => (N > 8 ? 16 : 8);

function softwareWorkgroups(M: number, N: number, pixels = SOFTWARE_PIXELS) {
  return [ceilDiv(ceilDiv(M, pixels), SOFTWARE_WG), ceilDiv(N, softwareChannels(N)), 1] as const;
}

/** Whether the software variants take this convolution: a software adapter, and a grid that fits. */
export function conv2dSoftware(s: Conv2dShape, g: Conv2dGeometry, facts: DeviceFacts): boolean {
  return facts.software && softwareWorkgroups(s.batch * Math.max(g.outH * g.outW, s.inH * s.inW), 1)[0] <= MAX_GRID;
}

// 8 pixels per invocation (conv2d-software.wgsl's TALL) read a third less per multiply-add, where
// the grid keeps at least this many workgroups for the CPU's threads.
const MIN_TALL_WORKGROUPS = 8;

/** The software convolution's grid for M pixels and N output channels, and its WIDE and TALL. */
function softwareGrid(M: number, N: number) {
  const tall = softwareWorkgroups(M, N, 2 * SOFTWARE_PIXELS);
  const isTall = tall[0] * tall[1] >= MIN_TALL_WORKGROUPS;
  return {
    constants: { WIDE: softwareChannels(N) === 16 ? 1 : 0, TALL: isTall ? 1 : 0 },
    workgroups: isTall ? tall : softwareWorkgroups(M, N),
  };
}

/** The software convolution for an output of `pixels` per image and channel: vec4 stores where they come in whole vec4s. */
function softwareShader(pixels: number) {
  return pixels % 4 === 0 ? ({ shader: 'conv2d-software-vec4', vec4: true } as const) : ({ shader: 'conv2d-software', vec4: false } as const);
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

/** out = activation(conv(x, w) + bias): M = batch·outH·outW pixels, N = outC, K = inC·k·k taps. BIAS and ACTIVATION are the builder's. */
export function planConv2d(s: Conv2dShape, facts: DeviceFacts): Conv2dPlan {
  const g = conv2dGeometry(s);
  const M = s.batch * g.outH * g.outW;
  if (conv2dSoftware(s, g, facts)) {
    const input = softwareInputSize(s, g);
    const k = s.kernel;
    const grid = softwareGrid(M, s.outC);
    const { shader, vec4 } = softwareShader(g.outH * g.outW);
    const constants = {
      BATCH: s.batch,
      IN_C: s.inC,
      IN_H: input.h,
      IN_W: input.w,
      OUT_C: s.outC,
      OUT_H: g.outH,
      OUT_W: g.outW,
      KSIZE: k,
      STRIDE: s.stride,
      WO: s.inC * k * k,
      WC: k * k,
      WKH: k,
      ...grid.constants,
    };
    const border = s.padding === 'valid' ? null : borderedInput(s, g);
    return { variant: vec4 ? 'software-vec4' : 'software', shader, entryPoint: 'main', constants, workgroups: grid.workgroups, border };
  }
  const { constants, workgroups } = pixelGemm(M, s.outC, s.inC * s.kernel * s.kernel);
  return { variant: 'tiled', shader: 'conv2d', entryPoint: 'main', constants: { ...shapeConstants(s, g), ...constants }, workgroups, border: null };
}

/** dx = conv2dᵀ(dy, w): M = batch·inH·inW pixels, N = inC, K = outC·k·k taps (strided-off taps read 0). */
export function planConv2dGradInput(s: Conv2dShape, facts: DeviceFacts): Conv2dPlan<Conv2dGradInputVariant> {
  const g = conv2dGeometry(s);
  const M = s.batch * s.inH * s.inW;
  if (conv2dSoftware(s, g, facts) && s.stride === 1) {
    const border = borderedGrad(s, g);
    const k = s.kernel;
    const grid = softwareGrid(M, s.inC);
    const { shader, vec4 } = softwareShader(s.inH * s.inW);
    // The kernel's output channel is the layer's input channel c and its input channel the
    // layer's output channel o; tap (kh, kw) reads the flipped w[o, c, k − 1 − kh, k − 1 − kw].
    const constants: Constants = {
      BATCH: s.batch,
      IN_C: s.outC,
      IN_H: border.outH,
      IN_W: border.outW,
      OUT_C: s.inC,
      OUT_H: s.inH,
      OUT_W: s.inW,
      KSIZE: k,
      W0: k * k - 1,
      WO: k * k,
      WC: s.inC * k * k,
      WKH: -k,
      WKW: -1,
      ...grid.constants,
    };
    return { variant: vec4 ? 'software-flipped-vec4' : 'software-flipped', shader, entryPoint: 'main', constants, workgroups: grid.workgroups, border };
  }
  // The barrier-free entry of the tiled shader: 4 pixels × 4 channels per invocation.
  const software = [ceilDiv(ceilDiv(M, REG), SOFTWARE_WG), ceilDiv(s.inC, REG), 1] as const;
  if (facts.software && software[0] <= MAX_GRID) {
    return { variant: 'software', shader: 'conv2d-grad-input', entryPoint: 'software', constants: shapeConstants(s, g), workgroups: software, border: null };
  }
  const { constants, workgroups } = pixelGemm(M, s.inC, s.outC * s.kernel * s.kernel);
  return { variant: 'tiled', shader: 'conv2d-grad-input', entryPoint: 'main', constants: { ...shapeConstants(s, g), ...constants }, workgroups, border: null };
}
