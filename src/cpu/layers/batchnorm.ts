// batchnorm: batch statistics (and the running averages updated in place) in a training plan,
// the running statistics in a reading plan; γ, β trained. The batch's mean and 1/σ are saved for
// the backward. Reading with gradients (saliency) gives only dx, through the running statistics.
import { activationCode } from '../../model/activation.ts';
import { batchNormShape } from '../../model/kinds/batchnorm.ts';
import type { BatchNormSpec } from '../../model/layer-spec.ts';
import type { CpuLayerKind } from './layer.ts';
import { requireFloats } from './regions.ts';

export const batchnorm: CpuLayerKind<BatchNormSpec> = {
  build(a) {
    const s = batchNormShape(a.spec, a.layer.input, a.batch);
    const name = a.spec.name;
    const n = s.batch * s.channels * s.inner;
    requireFloats(name, 'x', a.x, n);
    requireFloats(name, 'y', a.y, n);
    if (a.dy) requireFloats(name, 'dy', a.dy, n);
    if (a.dx) requireFloats(name, 'dx', a.dx, n);
    [...a.params, ...a.state].forEach((r, i) => requireFloats(name, ['gamma', 'beta', 'running mean', 'running variance'][i], r, s.channels));
    if (a.training) a.grads.forEach((r, i) => requireFloats(name, ['dgamma', 'dbeta'][i], r, s.channels));
    const [gamma, beta] = a.params;
    const [runningMean, runningVar] = a.state;
    const { x, y, dy, dx } = a;
    const dims = [s.batch, s.channels, s.inner];
    const epsilon = a.spec.epsilon;
    const act = activationCode(a.spec.activation);
    if (!a.training) {
      return {
        forward: (run) =>
          run.parallel('batchnorm_eval', s.channels, [
            x.offset,
            gamma.offset,
            beta.offset,
            runningMean.offset,
            runningVar.offset,
            y.offset,
            ...dims,
            epsilon,
            act,
          ]),
        backward(run) {
          if (dx && dy) run.parallel('batchnorm_eval_backward', s.channels, [dy.offset, gamma.offset, runningVar.offset, dx.offset, ...dims, epsilon]);
        },
      };
    }
    const saved = a.plan.floats(`${name}/saved`, 2 * s.channels);
    const [dgamma, dbeta] = a.grads;
    return {
      forward(run) {
        const regions = [x, gamma, beta, y, saved, runningMean, runningVar].map((r) => r.offset);
        run.parallel('batchnorm_train', s.channels, [...regions, ...dims, epsilon, a.spec.momentum, act]);
      },
      backward(run) {
        if (!dy) throw new Error(`${name}: a training plan's backward needs dy`);
        run.parallel('batchnorm_backward', s.channels, [
          x.offset,
          dy.offset,
          gamma.offset,
          saved.offset,
          dx?.offset ?? 0,
          dgamma.offset,
          dbeta.offset,
          ...dims,
        ]);
      },
    };
  },
};
