// SGD with momentum: one velocity per parameter.
import type { Optimizer, OptimizerStep } from './optimizer.ts';

function checkHyper(step: OptimizerStep): void {
  if (!(step.momentum >= 0 && step.momentum < 1)) throw new Error(`sgd: momentum must be in [0, 1), got ${step.momentum}`);
}

export const SGD: Optimizer<'velocity'> = {
  name: 'sgd',
  moments: ['velocity'],
  hyper: { momentum: 0.9 },
  checkHyper,
  update(params, grads, { velocity }, step) {
    checkHyper(step);
    const lr = Math.fround(step.lr);
    const momentum = Math.fround(step.momentum);
    for (let i = 0; i < params.length; i++) {
      velocity[i] = momentum * velocity[i] + grads[i];
      params[i] -= lr * velocity[i];
    }
  },
};
