// batchnorm: batch statistics (and a running-average update) in training, running statistics when
// reading; γ, β trained. The saved mean and 1/σ of the batch feed the backward.
import { batchNormBackward, batchNormEval, batchNormTrain } from '../kernels/batchnorm.ts';
import { batchNormShape } from '../../model/kinds/batchnorm.ts';
import type { BatchNormSpec } from '../../model/spec.ts';
import { everySlot, type GpuLayer } from './layer.ts';

export const batchnorm: GpuLayer<BatchNormSpec> = {
  async build({ ctx, arena, spec, layer, batch, mode, x, y, params, state, train }) {
    const shape = batchNormShape(spec, layer.input, batch);
    const [gamma, beta] = params;
    const [runningMean, runningVar] = state;
    if (mode === 'eval') return everySlot(await batchNormEval(ctx, shape, { x, gamma, beta, runningMean, runningVar, y }, `${spec.name}.forward`));
    const saved = arena.storage(`${spec.name}.saved`, 2 * shape.channels * 4);
    const forward = await batchNormTrain(ctx, shape, { x, gamma, beta, y, saved, runningMean, runningVar }, `${spec.name}.forward`);
    if (!train) return everySlot(forward);
    const [dgamma, dbeta] = train.grads;
    // Without an input gradient (a first layer) the kernel still needs somewhere to write dx.
    const dx = train.dx ?? arena.storage(`${spec.name}.unused-dx`, batch * shape.channels * shape.inner * 4);
    return everySlot(forward, await batchNormBackward(ctx, shape, { x, dy: train.dy, gamma, saved, dx, dgamma, dbeta }, `${spec.name}.backward`));
  },
};
