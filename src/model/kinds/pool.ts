// Max and average pooling over valid windows, and global average pooling.
import { LayerError, type Fields } from '../fields.ts';
import { globalAvgPoolShape, poolGeometry, type AvgPoolShape, type PoolShape } from '../geometry.ts';
import type { LayerKind } from '../layer-kind.ts';
import { size, type Shape } from '../shape.ts';
import type { AvgPoolSpec, GlobalAvgPoolSpec, MaxPoolSpec } from '../layer-spec.ts';
import { spatialInput } from './conv2d.ts';

const windowFields: Fields = {
  size: { type: 'int', min: 1, max: 28, default: 2, label: 'size' },
  stride: { type: 'int', min: 1, max: 28, label: 'stride' },
};

function pooledShape(spec: { size: number; stride: number }, input: Shape, kind: string): Shape {
  const [channels, inH, inW] = spatialInput(input, kind);
  if (spec.size > inH || spec.size > inW)
    throw new LayerError(`a ${spec.size}×${spec.size} window does not fit the ${inH}×${inW} map: it would leave a 0×0 map`);
  const g = poolGeometry({ batch: 1, channels, inH, inW, size: spec.size, stride: spec.stride });
  return [channels, g.outH, g.outW];
}

/** The maxpool kernels' shape for this layer at a batch size. */
export function maxPoolShape(spec: MaxPoolSpec, input: Shape, batch: number): PoolShape {
  const [channels, inH, inW] = input;
  return { batch, channels, inH, inW, size: spec.size, stride: spec.stride };
}

/** The avgpool kernels' shape: a square window, or (global pooling) the whole map. */
export function avgPoolShape(spec: AvgPoolSpec | GlobalAvgPoolSpec, input: Shape, batch: number): AvgPoolShape {
  const [channels, inH, inW] = input;
  if (spec.kind === 'globalavgpool') return globalAvgPoolShape(batch, channels, inH, inW);
  return { batch, channels, inH, inW, winH: spec.size, winW: spec.size, strideH: spec.stride, strideW: spec.stride };
}

// A pool's stride defaults to its size (Keras): windows that tile the map.
const complete = (raw: Record<string, unknown>) => ({ ...raw, stride: raw.stride ?? raw.size ?? 2 });

export const maxpool: LayerKind<MaxPoolSpec> = {
  kind: 'maxpool',
  prefix: 'pool',
  description: 'Keeps the largest value of each window: halves a map with size 2, stride 2.',
  fields: windowFields,
  complete,
  outputShape: (spec, input) => pooledShape(spec, input, 'maxpool'),
  params: () => [],
  state: () => [],
  // Comparisons, not arithmetic: counted as none, as every engine's FLOP count does.
  flops: () => ({ forward: 0, weightGrad: 0, inputGrad: 0 }),
  activation: () => 'none',
  width: (spec) => spec.size,
};

export const avgpool: LayerKind<AvgPoolSpec> = {
  kind: 'avgpool',
  prefix: 'avgpool',
  description: 'Averages each window.',
  fields: windowFields,
  complete,
  outputShape: (spec, input) => pooledShape(spec, input, 'avgpool'),
  params: () => [],
  state: () => [],
  flops: (spec, _input, output) => ({ forward: size(output) * spec.size * spec.size, weightGrad: 0, inputGrad: size(output) * spec.size * spec.size }),
  activation: () => 'none',
  width: (spec) => spec.size,
};

export const globalavgpool: LayerKind<GlobalAvgPoolSpec> = {
  kind: 'globalavgpool',
  prefix: 'gap',
  description: "Averages each channel's whole map to one number.",
  fields: {},
  outputShape: (_spec, input) => [spatialInput(input, 'globalavgpool')[0]],
  params: () => [],
  state: () => [],
  flops: (_spec, input) => ({ forward: size(input), weightGrad: 0, inputGrad: size(input) }),
  activation: () => 'none',
};
