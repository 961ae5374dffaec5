// Training FLOPs per sample, counted from a model's layer shapes. Only the multiply-adds of
// convolutions and dense layers count (2 FLOPs each): bias, ReLU, pooling and softmax are
// O(activations), under 1% of the total for these models, and no two engines count them alike.
// Backward is twice the forward of each layer (weight grads + input grads), except that the
// first weighted layer has no input to pass a gradient to.
import type { ModelSpec, Shape } from '../../src/gpu/models.ts';

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

function convOut(size: number, kernel: number, stride: number, padding: 'valid' | 'same'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

function spatial(shape: Shape, layer: string): [number, number, number] {
  if (shape.length !== 3) throw new Error(`${layer}: needs a [C,H,W] input, got [${shape.join(',')}]`);
  return [shape[0], shape[1], shape[2]];
}

export function countFlops(model: Pick<ModelSpec, 'input' | 'layers'>): ModelFlops {
  let shape: Shape = model.input;
  const out: LayerFlops[] = [];
  for (const layer of model.layers) {
    let forward = 0;
    if (layer.kind === 'conv2d') {
      const [c, h, w] = spatial(shape, layer.name);
      const oh = convOut(h, layer.kernel, layer.stride, layer.padding);
      const ow = convOut(w, layer.kernel, layer.stride, layer.padding);
      if (oh < 1 || ow < 1) throw new Error(`${layer.name}: kernel ${layer.kernel} does not fit ${h}×${w}`);
      forward = 2 * oh * ow * layer.filters * c * layer.kernel * layer.kernel;
      shape = [layer.filters, oh, ow];
    } else if (layer.kind === 'maxpool') {
      const [c, h, w] = spatial(shape, layer.name);
      shape = [c, Math.floor((h - layer.size) / layer.stride) + 1, Math.floor((w - layer.size) / layer.stride) + 1];
    } else {
      // Dense reads its input flattened.
      const inputs = shape.reduce((a, b) => a * b, 1);
      forward = 2 * inputs * layer.units;
      shape = [layer.units];
    }
    const isFirstWeighted = forward > 0 && out.every((l) => l.forward === 0);
    out.push({ layer: layer.name, forward, backward: isFirstWeighted ? forward : 2 * forward });
  }
  const forward = out.reduce((s, l) => s + l.forward, 0);
  const backward = out.reduce((s, l) => s + l.backward, 0);
  return { layers: out, forward, backward, training: forward + backward };
}
