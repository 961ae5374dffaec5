// Training FLOPs per sample, counted from layer shapes. Only the multiply-adds of convolutions
// and dense layers count (2 FLOPs each): bias, ReLU, pooling and softmax are O(activations),
// under 1% of the total for these models, and no two engines would count them the same way.
// Backward is twice the forward of each layer (weight grads + input grads), except that the
// first layer has no input to pass a gradient to.

export type BenchLayer =
  | { kind: 'conv2d'; filters: number; kernel: number; stride?: number; padding: 'valid' | 'same' }
  | { kind: 'maxpool'; size: number }
  | { kind: 'flatten' }
  | { kind: 'dense'; units: number };

/** [channels, height, width] of one sample, or [features] after flatten. */
export type SampleShape = readonly number[];

export interface LayerFlops {
  layer: string;
  forward: number;
  backward: number;
}

export interface ModelFlops {
  layers: LayerFlops[];
  forward: number;
  backward: number;
  /** forward + backward: what one training sample costs. */
  training: number;
}

/** The seed CNN: Conv2D 32 3×3 valid ReLU → MaxPool 2×2 → Flatten → Dense 128 ReLU → Dense 10. */
export const seedCnn: BenchLayer[] = [
  { kind: 'conv2d', filters: 32, kernel: 3, padding: 'valid' },
  { kind: 'maxpool', size: 2 },
  { kind: 'flatten' },
  { kind: 'dense', units: 128 },
  { kind: 'dense', units: 10 },
];

export const mnistInput: SampleShape = [1, 28, 28];

function convOut(size: number, kernel: number, stride: number, padding: 'valid' | 'same'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

export function countFlops(input: SampleShape, layers: readonly BenchLayer[]): ModelFlops {
  let shape = [...input];
  const out: LayerFlops[] = [];
  let weightedSoFar = 0;
  for (const [i, layer] of layers.entries()) {
    let forward = 0;
    let name: string;
    if (layer.kind === 'conv2d') {
      if (shape.length !== 3) throw new Error(`layer ${i} (conv2d): needs a [C,H,W] input, got [${shape.join(',')}]`);
      const [c, h, w] = shape;
      const stride = layer.stride ?? 1;
      const oh = convOut(h, layer.kernel, stride, layer.padding);
      const ow = convOut(w, layer.kernel, stride, layer.padding);
      if (oh < 1 || ow < 1) throw new Error(`layer ${i} (conv2d): kernel ${layer.kernel} does not fit ${h}×${w}`);
      forward = 2 * oh * ow * layer.filters * c * layer.kernel * layer.kernel;
      shape = [layer.filters, oh, ow];
      name = `conv2d ${c}→${layer.filters} ${layer.kernel}×${layer.kernel}`;
    } else if (layer.kind === 'maxpool') {
      if (shape.length !== 3) throw new Error(`layer ${i} (maxpool): needs a [C,H,W] input, got [${shape.join(',')}]`);
      const [c, h, w] = shape;
      shape = [c, Math.floor(h / layer.size), Math.floor(w / layer.size)];
      name = `maxpool ${layer.size}×${layer.size}`;
    } else if (layer.kind === 'flatten') {
      shape = [shape.reduce((a, b) => a * b, 1)];
      name = 'flatten';
    } else {
      if (shape.length !== 1) throw new Error(`layer ${i} (dense): needs a flat input, got [${shape.join(',')}]; add a flatten`);
      forward = 2 * shape[0] * layer.units;
      name = `dense ${shape[0]}→${layer.units}`;
      shape = [layer.units];
    }
    const backward = forward === 0 ? 0 : weightedSoFar === 0 ? forward : 2 * forward;
    if (forward > 0) weightedSoFar++;
    out.push({ layer: name, forward, backward });
  }
  const forward = out.reduce((s, l) => s + l.forward, 0);
  const backward = out.reduce((s, l) => s + l.backward, 0);
  return { layers: out, forward, backward, training: forward + backward };
}
