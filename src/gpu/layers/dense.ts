// dense: y = x·W + b (activation fused), W stored [in, out]. Backward: dW = xᵀ·dy, db = Σ_batch dy,
// dx = dy·Wᵀ — three GEMM forms of one kernel plus the bias reduction.
import { biasGrad } from '../kernels/bias-grad.ts';
import { matmul, matmulScratchBytes } from '../kernels/matmul.ts';
import { denseShapes } from '../../model/kinds/dense.ts';
import type { DenseSpec } from '../../model/layer-spec.ts';
import { everySlot, type GpuLayer, type ScratchSizes } from './layer.ts';

export const dense: GpuLayer<DenseSpec> = {
  // One scratch serves every split-K matmul of the layer: they run one after another.
  scratch({ spec, layer, batch, train }): ScratchSizes {
    const { forward, weightGrad, inputGrad } = denseShapes(spec, layer.input, batch);
    const shapes = train ? [forward, weightGrad, ...(train.dx ? [inputGrad] : [])] : [forward];
    const bytes = Math.max(...shapes.map(matmulScratchBytes));
    return bytes > 0 ? { 'split-k-scratch': bytes } : {};
  },
  async build({ ctx, spec, layer, batch, x, y, params, scratch: buffers, train }) {
    const [w, b] = params;
    const { forward: forwardShape, weightGrad: weightShape, inputGrad: inputShape } = denseShapes(spec, layer.input, batch);
    const scratch = buffers['split-k-scratch'];
    const forward = await matmul(ctx, forwardShape, { a: x, b: w, bias: b, out: y, scratch }, `${spec.name}.forward`);
    if (!train) return everySlot(forward);
    const [dw, db] = train.grads;
    const backward = await matmul(ctx, weightShape, { a: x, b: train.dy, out: dw, scratch }, `${spec.name}.grad-weight`);
    if (db) backward.push(...(await biasGrad(ctx, { outer: batch, channels: spec.units, inner: 1 }, { dy: train.dy, db }, `${spec.name}.grad-bias`)));
    if (train.dx) backward.push(...(await matmul(ctx, inputShape, { a: train.dy, b: w, out: train.dx, scratch }, `${spec.name}.grad-input`)));
    return everySlot(forward, backward);
  },
};
