// histogram: each layer's parameters and gradients binned over their own [min, max], with the
// sums of squares the norms come from, in one dispatch of two workgroups per layer
// (src/shaders/histogram.wgsl). The binning is src/model/histogram.ts's.
import code from '../../shaders/histogram.wgsl?raw';
import { makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { checkBins } from '../../model/histogram.ts';

export const histogramShader = { name: 'histogram', code };

export interface HistogramShape {
  bins: number;
  /** Layers binned: the row count of `layers`. */
  layers: number;
}

export interface HistogramBuffers {
  params: Binding;
  grads: Binding;
  /** The weights of the previous call; overwritten with these. */
  previous: Binding;
  /** (offset, length) per tensor, u32 pairs. */
  ranges: Binding;
  /** (first range, range count) per layer, u32 pairs. */
  layers: Binding;
  /** layers × 2 × (bins + 4) words, overwritten. */
  out: Binding;
}

/** Words per (layer, which) in `out`. */
export function histogramStride(bins: number): number {
  return bins + 4;
}

export async function histogram(ctx: GpuContext, shape: HistogramShape, buffers: HistogramBuffers, label = 'histogram'): Promise<Dispatch[]> {
  checkBins(shape.bins);
  if (!Number.isInteger(shape.layers) || shape.layers < 1) throw new Error(`${label}: layers must be a positive whole number, got ${shape.layers}`);
  const d = await makeDispatch(ctx, {
    label,
    shader: histogramShader,
    constants: { BINS: shape.bins },
    bindings: [buffers.params, buffers.grads, buffers.previous, buffers.ranges, buffers.layers, buffers.out],
    workgroups: [shape.layers, 2, 1],
  });
  return [d];
}
