export interface SgdState {
  params: Float32Array;
  velocity: Float32Array;
}

/** One step of SGD with momentum in place, from the hyperparameters as the f32 uniform holds them. */
export function sgd(state: SgdState, grads: Float32Array, step: { lr: number; momentum: number }): void {
  const lr = Math.fround(step.lr);
  const momentum = Math.fround(step.momentum);
  const { params, velocity } = state;
  for (let i = 0; i < params.length; i++) {
    velocity[i] = momentum * velocity[i] + grads[i];
    params[i] -= lr * velocity[i];
  }
}
