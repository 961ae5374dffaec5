// The layer histograms every engine gives at an evaluation (TrainingModel.layerHistograms): for
// each layer with parameters, a histogram of its parameters and one of their gradients, each over
// its own [min, max] of that moment, and the norms the update-to-weight ratio is made of. Here is
// the one binning the engines follow and the tests check them against; it rounds as float32 does
// at each step, so the GPU's counts match it exactly.
import type { ModelGraph } from './graph.ts';

/** Bins of every histogram: enough to show a shape, few enough to keep a ridge per evaluation. */
export const HISTOGRAM_BINS = 32;
/** The kernel's shared counters: a request for more bins is refused. */
export const MAX_HISTOGRAM_BINS = 256;

export interface Histogram {
  min: number;
  max: number;
  /** `bins` counts over [min, max]; a value at max falls in the last bin; all in the first when min = max. */
  counts: number[];
}

export interface LayerHistogram {
  /** The graph's index of the layer. */
  layer: number;
  weights: Histogram;
  gradients: Histogram;
  /** ‖w‖ over all the layer's parameters. */
  weightNorm: number;
  /** ‖w − w′‖, w′ the weights at the previous call on this model; null on the first call. */
  updateNorm: number | null;
}

export interface LayerHistogramReadback {
  /** Steps taken when read. */
  step: number;
  /** The step of the previous call's weights, which `updateNorm` is measured from; null on the first call. */
  sinceStep: number | null;
  layers: LayerHistogram[];
}

/** A range of floats inside the packed parameter buffer. */
export interface FloatRange {
  offset: number;
  length: number;
}

/** Each layer with parameters, with the ranges its tensors fill in the packed buffer (the padding between them left out). */
export function parameterRanges(graph: ModelGraph): { layer: number; ranges: FloatRange[] }[] {
  return graph.layers.filter((l) => l.params.length > 0).map((l) => ({ layer: l.index, ranges: l.params.map(({ offset, length }) => ({ offset, length })) }));
}

export function checkBins(bins: number): void {
  if (!Number.isInteger(bins) || bins < 1 || bins > MAX_HISTOGRAM_BINS)
    throw new Error(`layerHistograms: bins must be a whole number from 1 to ${MAX_HISTOGRAM_BINS}, got ${bins}`);
}

const f = Math.fround;

/** The values of `ranges` of `packed`, binned over their own [min, max] in float32 steps as the GPU does. */
export function histogramOf(packed: Float32Array, ranges: readonly FloatRange[], bins: number): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (const { offset, length } of ranges) {
    for (let i = offset; i < offset + length; i++) {
      const x = packed[i];
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  const counts = new Array<number>(bins).fill(0);
  const scale = max > min ? f(bins / f(max - min)) : 0;
  for (const { offset, length } of ranges) {
    for (let i = offset; i < offset + length; i++) counts[binOf(packed[i], min, scale, bins)]++;
  }
  return { min, max, counts };
}

export function binOf(x: number, min: number, scale: number, bins: number): number {
  const t = Math.floor(f(f(x - min) * scale));
  // NaN and values past max (none, as max is theirs) go to the last bin, as the kernel's clamp puts them.
  return t >= 0 && t < bins ? t : t < 0 ? 0 : bins - 1;
}

/** ‖a‖ over the ranges, or ‖a − b‖ with b. */
export function normOf(a: Float32Array, ranges: readonly FloatRange[], b?: Float32Array): number {
  let sum = 0;
  for (const { offset, length } of ranges) {
    for (let i = offset; i < offset + length; i++) {
      const d = b ? a[i] - b[i] : a[i];
      sum += d * d;
    }
  }
  return Math.sqrt(sum);
}

/**
 * The whole readback from packed parameters and gradients, on the CPU: the CPU engine's, and the
 * reference the GPU's is checked with. `previous` holds the weights of the previous call.
 */
export function layerHistogramsOf(
  graph: ModelGraph,
  packed: { params: Float32Array; grads: Float32Array; previous: Float32Array | null },
  bins: number,
): LayerHistogram[] {
  checkBins(bins);
  return parameterRanges(graph).map(({ layer, ranges }) => ({
    layer,
    weights: histogramOf(packed.params, ranges, bins),
    gradients: histogramOf(packed.grads, ranges, bins),
    weightNorm: normOf(packed.params, ranges),
    updateNorm: packed.previous ? normOf(packed.params, ranges, packed.previous) : null,
  }));
}
