// The oracle's Adam step: the optimizer registry's reference update (src/model/optimizers/adam.ts).
import { ADAM } from '../model/optimizers/adam.ts';
import { DEFAULT_HYPER } from '../model/optimizers/index.ts';

export interface AdamState {
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

export function adam(state: AdamState, grads: Float32Array, step: { t: number; lr: number; beta1: number; beta2: number; eps: number }): void {
  ADAM.update(state.params, grads, { m: state.m, v: state.v }, { ...DEFAULT_HYPER, ...step });
}
