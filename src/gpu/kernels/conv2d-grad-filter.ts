// The filter and bias gradients of conv2d (conv2d-grad-filter.wgsl), split over K into scratch
// partials that split-k-reduce.wgsl sums.
import gradFilterCode from '../../shaders/conv2d-grad-filter.wgsl?raw';
import acc8Wgsl from '../../shaders/acc8.wgsl?raw';
import { bindingBytes, ceilDiv, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { conv2dGeometry, type Conv2dShape } from '../../model/geometry.ts';
import { splitKReduce } from './split-k-reduce.ts';
import { MAX_TK, REG, REGISTER_WG, shapeConstants, softwareInput, softwarePath, wgFor } from './conv2d-common.ts';

// Appended files go after the kernel, so compile errors keep its own line numbers.
export const conv2dGradFilterShader = { name: 'conv2d-grad-filter', code: `${gradFilterCode}\n${acc8Wgsl}` };

// The filter gradient sums over K = batch·outH·outW (43k for the seed CNN at batch 64) into a tiny
// outC × inC·k·k result, so K is split over workgroups: enough of them to fill a big GPU, each
// with at least MIN_CHUNK terms so partials stay few.
const TARGET_WORKGROUPS = 256;
const MIN_CHUNK = 8 * MAX_TK;
const MAX_SPLITS = 256;

// On a software adapter the filter gradient runs barrier-free (the 'registers' entry point): each
// of a 64-lane workgroup's splits takes every splits-th row of output pixels for one block of dw
// (softwareChannels × softwareTaps). Splits are as few as keep SOFTWARE_INVOCATIONS to twice that busy (a few dozen workgroups,
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
