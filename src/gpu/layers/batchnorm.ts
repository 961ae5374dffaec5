// batchnorm: batch statistics (and a running-average update) in training, running statistics when
// reading; γ, β trained. The saved mean and 1/σ of the batch feed the backward. Reading with
// gradients (saliency) gives only dx, through the running statistics.
import { batchNormBackward, batchNormEval, batchNormEvalBackward, batchNormTrain } from '../kernels/batchnorm.ts';
import { batchNormShape } from '../../model/kinds/batchnorm.ts';
import type { BatchNormSpec } from '../../model/layer-spec.ts';
import { everySlot, type GpuLayer, type ScratchSizes } from './layer.ts';

export const batchnorm: GpuLayer<BatchNormSpec> = {
  scratch({ spec, layer, batch, mode, train }): ScratchSizes {
    const shape = batchNormShape(spec, layer.input, batch);
    // Reading with gradients (saliency): only dx, whose kernel needs a zero mean and β.
    if (mode === 'eval') return train?.dx ? { zeros: shape.channels * 4 } : {};
    // Without an input gradient (a first layer) the kernel still needs somewhere to write dx.
    const unusedDx: ScratchSizes = train && !train.dx ? { 'unused-dx': batch * shape.channels * shape.inner * 4 } : {};
    return { saved: 2 * shape.channels * 4, ...unusedDx };
  },
  async build({ ctx, spec, layer, batch, mode, x, y, params, state, scratch, train }) {
    const shape = batchNormShape(spec, layer.input, batch);
    const [gamma, beta] = params;
    const [runningMean, runningVar] = state;
    if (mode === 'eval') {
      const forward = await batchNormEval(ctx, shape, { x, gamma, beta, runningMean, runningVar, y }, `${spec.name}.forward`);
      if (!train?.dx) return everySlot(forward);
      const dx = { dy: train.dy, gamma, runningVar, zeros: scratch.zeros, dx: train.dx };
      return everySlot(forward, await batchNormEvalBackward(ctx, shape, dx, `${spec.name}.backward`));
    }
    const { saved } = scratch;
    const forward = await batchNormTrain(ctx, shape, { x, gamma, beta, y, saved, runningMean, runningVar }, `${spec.name}.forward`);
    if (!train) return everySlot(forward);
    const [dgamma, dbeta] = train.grads;
    const dx = train.dx ?? scratch['unused-dx'];
    return everySlot(forward, await batchNormBackward(ctx, shape, { x, dy: train.dy, gamma, saved, dx, dgamma, dbeta }, `${spec.name}.backward`));
  },
};
