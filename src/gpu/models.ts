// Models are data: a list of layer specs that the planner turns into buffers and dispatches.
// Shapes are per sample, NCHW without the batch: [channels, height, width] or [features].
import { MODEL_NAMES, type ModelName } from '../worker/protocol.ts';

export type Shape = readonly number[];

export interface Conv2dSpec {
  kind: 'conv2d';
  name: string;
  filters: number;
  kernel: number;
  stride: number;
  padding: 'valid' | 'same';
  relu: boolean;
}

export interface MaxPoolSpec {
  kind: 'maxpool';
  name: string;
  size: number;
  stride: number;
}

/** Dense reads its input flattened: NCHW is contiguous per sample, so flatten is free. */
export interface DenseSpec {
  kind: 'dense';
  name: string;
  units: number;
  relu: boolean;
}

export type LayerSpec = Conv2dSpec | MaxPoolSpec | DenseSpec;

export interface ModelSpec {
  name: ModelName;
  input: Shape;
  classes: number;
  layers: LayerSpec[];
}

const conv = (name: string, filters: number, padding: 'valid' | 'same'): Conv2dSpec => ({
  kind: 'conv2d',
  name,
  filters,
  kernel: 3,
  stride: 1,
  padding,
  relu: true,
});
const pool = (name: string): MaxPoolSpec => ({ kind: 'maxpool', name, size: 2, stride: 2 });
const dense = (name: string, units: number, relu: boolean): DenseSpec => ({ kind: 'dense', name, units, relu });

export const MODELS: Record<ModelName, ModelSpec> = {
  // The seed's feed-forward network.
  mlp: { name: 'mlp', input: [1, 28, 28], classes: 10, layers: [dense('dense1', 128, true), dense('dense2', 10, false)] },
  // Exactly the seed's Keras model.
  cnn: {
    name: 'cnn',
    input: [1, 28, 28],
    classes: 10,
    layers: [conv('conv1', 32, 'valid'), pool('pool1'), dense('dense1', 128, true), dense('dense2', 10, false)],
  },
  // Two conv blocks (the classic 32/64 design): ~4× the compute of `cnn`, for more accuracy.
  'cnn-deep': {
    name: 'cnn-deep',
    input: [1, 28, 28],
    classes: 10,
    layers: [
      conv('conv1', 32, 'same'),
      pool('pool1'),
      conv('conv2', 64, 'same'),
      pool('pool2'),
      dense('dense1', 256, true),
      dense('dense2', 10, false),
    ],
  },
};

export function modelSpec(name: string): ModelSpec {
  if (!(MODEL_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown model "${name}": choose one of ${MODEL_NAMES.join(', ')}`);
  }
  return MODELS[name as ModelName];
}

export function size(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}
