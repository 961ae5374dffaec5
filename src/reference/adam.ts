export interface AdamState {
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

/**
 * One Adam step (Keras/TF form) in place, in float64 per element from the hyperparameters as
 * the f32 uniform holds them.
 */
export function adam(state: AdamState, grads: Float32Array, step: { t: number; lr: number; beta1: number; beta2: number; eps: number }): void {
  if (!Number.isInteger(step.t) || step.t < 1) throw new Error(`adam: t must be a positive integer, got ${step.t}`);
  const [lr, b1, b2, eps] = [step.lr, step.beta1, step.beta2, step.eps].map(Math.fround);
  const lrT = (lr * Math.sqrt(1 - b2 ** step.t)) / (1 - b1 ** step.t);
  const { params, m, v } = state;
  for (let i = 0; i < params.length; i++) {
    const g = grads[i];
    m[i] = b1 * m[i] + (1 - b1) * g;
    v[i] = b2 * v[i] + (1 - b2) * g * g;
    params[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + eps);
  }
}
