// dense on the CPU: the three GEMMs of src/model/kinds/dense.ts (W stored [in, out]) on the gemm
// kernel, y = act(x·W + b) and dx = dy·Wᵀ split over the batch's rows, dW = xᵀ·dy over the input
// features; db over the units. dx reads Wᵀ from a transposed copy: the gemm reads B stored [K, N]
// at about twice the speed of [N, K], and the copy is a batch's worth smaller than the product.
import { activationCode } from '../../model/activation.ts';
import { denseShapes } from '../../model/kinds/dense.ts';
import type { DenseSpec } from '../../model/layer-spec.ts';
import type { MatmulShape } from '../../model/op-shapes.ts';
import type { Run } from '../run.ts';
import type { CpuLayerKind } from './layer.ts';

/** The gemm's 4-row register tile: ranges in whole tiles waste no rows. */
const ROW_GRAIN = 4;

function gemm(run: Run, s: MatmulShape, a: number, b: number, c: number, bias: number): void {
  const args = [s.transA ? 1 : 0, s.transB ? 1 : 0, s.M, s.N, s.K, a, b, c, bias, activationCode(s.activation ?? 'none'), 0];
  run.parallel('gemm', s.M, args, ROW_GRAIN);
}

export const dense: CpuLayerKind<DenseSpec> = {
  build({ spec, layer, batch, x, y, params, grads, dy, dx, plan }) {
    const shapes = denseShapes(spec, layer.input, batch);
    const [w, bias] = params;
    const inF = shapes.forward.K;
    const wT = plan.floats(`${spec.name}/weight-t`, dx ? inF * spec.units : 0);
    return {
      forward(run) {
        gemm(run, shapes.forward, x.offset, w.offset, y.offset, spec.bias ? bias.offset : 0);
      },
      backward(run) {
        if (!dy) throw new Error(`${spec.name}: backward in a plan built without gradients`);
        // A reading plan with gradients (saliency) has no parameter gradients, only dx.
        if (grads.length > 0) {
          gemm(run, shapes.weightGrad, x.offset, dy.offset, grads[0].offset, 0);
          if (spec.bias) run.parallel('bias_grad', spec.units, [dy.offset, grads[1].offset, batch, spec.units, 1]);
        }
        if (dx) {
          run.parallel('transpose', inF, [w.offset, wT.offset, inF, spec.units], ROW_GRAIN);
          gemm(run, { ...shapes.inputGrad, transB: false }, dy.offset, wT.offset, dx.offset, 0);
        }
      },
    };
  },
};
