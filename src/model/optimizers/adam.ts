// Adam (Keras/TF form): a first and second moment per parameter.
import type { Optimizer, OptimizerStep } from './optimizer.ts';

function checkHyper(step: OptimizerStep): void {
  if (!Number.isInteger(step.t) || step.t < 1) throw new Error(`adam: t must be a positive integer, got ${step.t}`);
  for (const name of ['beta1', 'beta2'] as const) {
    const b = step[name];
    if (!(b >= 0 && b < 1)) throw new Error(`adam: ${name} must be in [0, 1), got ${b}`);
  }
  if (!(step.eps > 0)) throw new Error(`adam: eps must be > 0, got ${step.eps}`);
}

export const ADAM: Optimizer<'m' | 'v'> = {
  name: 'adam',
  moments: ['m', 'v'],
  hyper: { beta1: 0.9, beta2: 0.999, eps: 1e-7 },
  checkHyper,
  update(params, grads, { m, v }, step) {
    checkHyper(step);
    const [lr, b1, b2, eps] = [step.lr, step.beta1, step.beta2, step.eps].map(Math.fround);
    const lrT = (lr * Math.sqrt(1 - b2 ** step.t)) / (1 - b1 ** step.t);
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      params[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + eps);
    }
  },
};
