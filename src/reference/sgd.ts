// The oracle's SGD step: the optimizer registry's reference update (src/model/optimizers/sgd.ts).
import { DEFAULT_HYPER } from '../model/optimizers/index.ts';
import { SGD } from '../model/optimizers/sgd.ts';

export interface SgdState {
  params: Float32Array;
  velocity: Float32Array;
}

export function sgd(state: SgdState, grads: Float32Array, step: { lr: number; momentum: number }): void {
  SGD.update(state.params, grads, { velocity: state.velocity }, { ...DEFAULT_HYPER, t: 1, ...step });
}
