// dense: y = x·W + b (ReLU fused), W stored [in, out]. Backward: dW = xᵀ·dy, db = Σ_batch dy,
// dx = dy·Wᵀ — three GEMM forms of one kernel plus the bias reduction.
import { biasGrad } from '../kernels/bias-grad.ts';
import { matmul } from '../kernels/matmul.ts';
import { size, type DenseSpec } from '../models.ts';
import type { LayerKind } from './layer.ts';

export const dense: LayerKind<DenseSpec> = {
  outputShape: (spec) => [spec.units],
  params: (spec, input) => {
    const fanIn = size(input);
    return [
      { name: 'weight', shape: [fanIn, spec.units], init: 'glorot-uniform', fanIn, fanOut: spec.units },
      { name: 'bias', shape: [spec.units], init: 'zeros', fanIn, fanOut: spec.units },
    ];
  },
  relu: (spec) => spec.relu,
  async build({ ctx, spec, batch, input, x, y, params, train }) {
    const inF = size(input);
    const [w, b] = params;
    const forward = await matmul(ctx, { M: batch, N: spec.units, K: inF, relu: spec.relu }, { a: x, b: w, bias: b, out: y }, `${spec.name}.forward`);
    if (!train) return { forward, backward: [] };
    const [dw, db] = train.grads;
    const backward = [
      ...(await matmul(ctx, { M: inF, N: spec.units, K: batch, transA: true }, { a: x, b: train.dy, out: dw }, `${spec.name}.grad-weight`)),
      ...(await biasGrad(ctx, { outer: batch, channels: spec.units, inner: 1 }, { dy: train.dy, db }, `${spec.name}.grad-bias`)),
    ];
    if (train.dx) {
      backward.push(
        ...(await matmul(ctx, { M: batch, N: inF, K: spec.units, transB: true }, { a: train.dy, b: w, out: train.dx }, `${spec.name}.grad-input`)),
      );
    }
    return { forward, backward };
  },
};
