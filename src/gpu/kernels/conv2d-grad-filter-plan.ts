// The filter gradient's plan: M = outC, N = inC·k·k, K = batch·outH·outW split over workgroups
// into scratch partials that split-k-reduce.wgsl sums.
//   tiled     conv2d-grad-filter.wgsl `main`: tiles through workgroup memory, K in CHUNK slices
//   software  conv2d-grad-filter.wgsl `software`: barrier-free, over x or its bordered copy
import { ceilDiv } from '../dispatch.ts';
import type { DeviceFacts, KernelPlan } from '../kernel-plan.ts';
import { conv2dGeometry, type Conv2dShape } from '../../model/geometry.ts';
import { MAX_TK, REG, SOFTWARE_WG, shapeConstants, softwareInputSize, wgFor } from './conv2d-common.ts';
import { conv2dSoftware } from './conv2d-plan.ts';

export interface Conv2dGradFilterPlan extends KernelPlan<'tiled' | 'software', 'conv2d-grad-filter'> {
  /** K slices, each one partial: the dw block (M·N floats) followed by the db block (M). */
  splits: number;
  /** Floats of one partial. */
  partial: number;
  /** Reads x's zero-bordered copy (the forward pass's, still current) rather than x. */
  bordered: boolean;
}

// The filter gradient sums over K = batch·outH·outW (43k for the seed CNN at batch 64) into a tiny
// outC × inC·k·k result, so K is split over workgroups: enough of them to fill a big GPU, each
// with at least MIN_CHUNK terms so partials stay few.
const TARGET_WORKGROUPS = 256;
const MIN_CHUNK = 8 * MAX_TK;
const MAX_SPLITS = 256;

// The software variant: each of a 64-lane workgroup's splits takes every splits-th row of output
// pixels for one block of dw (softwareChannels × softwareTaps). Splits are as few as keep
// SOFTWARE_INVOCATIONS to twice that busy (a few dozen workgroups, plenty for a CPU's threads):
// each one more is a whole partial (M·N floats) written and summed again.
const SOFTWARE_INVOCATIONS = 4096;

/** A power of two from 1 to 64, at most the rows to share out. */
export function softwareSplits(blocks: number, rows: number): number {
  let splits = SOFTWARE_WG;
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

/** dw = Σ_pixels dy ⊗ x-patch and db = Σ_pixels dy. DB (whether db is wanted) is the builder's. */
export function planConv2dGradFilter(s: Conv2dShape, facts: DeviceFacts): Conv2dGradFilterPlan {
  const g = conv2dGeometry(s);
  const M = s.outC;
  const N = s.inC * s.kernel * s.kernel;
  const K = s.batch * g.outH * g.outW;
  const partial = M * N + M;
  if (conv2dSoftware(s, g, facts)) {
    const { taps, channels, splits } = softwareBlocks(s);
    // The taps read x's bordered copy as a 'valid' convolution's input, with no masks.
    const input = softwareInputSize(s, g);
    const read = { ...s, inH: input.h, inW: input.w, padding: 'valid' as const };
    return {
      variant: 'software',
      shader: 'conv2d-grad-filter',
      entryPoint: 'software',
      constants: { ...shapeConstants(read, conv2dGeometry(read)), SPLITS: splits, PARTIAL: partial, TAPS: taps, CHANNELS: channels },
      workgroups: [1, ceilDiv(M, channels), ceilDiv(ceilDiv(N, taps), SOFTWARE_WG / splits)],
      splits,
      partial,
      bordered: s.padding !== 'valid',
    };
  }
  const wgM = wgFor(M);
  const wgN = wgFor(N);
  const tiles = ceilDiv(M, REG * wgM) * ceilDiv(N, REG * wgN);
  const wanted = Math.min(MAX_SPLITS, Math.max(1, Math.round(TARGET_WORKGROUPS / tiles)));
  const chunk = Math.max(MIN_CHUNK, ceilDiv(ceilDiv(K, wanted), MAX_TK) * MAX_TK);
  const splits = ceilDiv(K, chunk);
  return {
    variant: 'tiled',
    shader: 'conv2d-grad-filter',
    entryPoint: 'main',
    constants: { ...shapeConstants(s, g), WG_M: wgM, WG_N: wgN, CHUNK: chunk, PARTIAL: partial },
    workgroups: [ceilDiv(M, REG * wgM), ceilDiv(N, REG * wgN), splits],
    splits,
    partial,
    bordered: false,
  };
}

/** Bytes of scratch the filter gradient needs for its split-K partials, on any adapter. */
export function conv2dGradFilterScratchBytes(shape: Conv2dShape): number {
  const tiled = planConv2dGradFilter(shape, { software: false });
  return Math.max(tiled.splits, softwareBlocks(shape).splits) * tiled.partial * 4;
}

/** The software variant's block of dw and its splits, whether or not its grid fits. */
function softwareBlocks(s: Conv2dShape) {
  const M = s.outC;
  const N = s.inC * s.kernel * s.kernel;
  const taps = softwareTaps(N);
  const channels = softwareChannels(M);
  return { taps, channels, splits: softwareSplits(ceilDiv(M, channels) * ceilDiv(N, taps), s.batch * conv2dGeometry(s).outH) };
}
