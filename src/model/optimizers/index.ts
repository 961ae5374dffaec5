// The optimizer registry, as src/model/registry.ts is for layer kinds: one object per optimizer,
// keyed by the name a TrainConfig gives. Backends key their update kernels by the same names.
import { ADAM } from './adam.ts';
import type { Optimizer, OptimizerHyper } from './optimizer.ts';
import { SGD } from './sgd.ts';

export type { Optimizer, OptimizerHyper, OptimizerStep } from './optimizer.ts';

export const OPTIMIZERS = { adam: ADAM, sgd: SGD } as const;
export type OptimizerName = keyof typeof OPTIMIZERS;
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as OptimizerName[];
/** The moment names of optimizer K. */
export type MomentOf<K extends OptimizerName> = (typeof OPTIMIZERS)[K]['moments'][number];
/** An optimizer's moments by name: one float per parameter each. */
export type Moments = Record<string, Float32Array<ArrayBuffer>>;

export function optimizer(name: OptimizerName): Optimizer {
  return OPTIMIZERS[name];
}

/** Every optimizer's hyperparameter defaults together: what a step reads when none is set. */
export const DEFAULT_HYPER = Object.assign({}, ...Object.values(OPTIMIZERS).map((o) => o.hyper)) as OptimizerHyper;

/** Moments at zero, as before step 1: what setting weights leaves. */
export function zeroMoments(name: OptimizerName, paramFloats: number): Moments {
  return Object.fromEntries(OPTIMIZERS[name].moments.map((m) => [m, new Float32Array(paramFloats)]));
}

/**
 * Throws naming the problem unless `moments` holds exactly the moments of `name`, each of
 * `paramFloats` values: a checkpoint of another optimizer or network is refused before anything is written.
 */
export function checkMoments(name: OptimizerName, moments: Moments, paramFloats: number): void {
  const want = OPTIMIZERS[name].moments as readonly string[];
  const have = Object.keys(moments);
  if (have.length !== want.length || !want.every((m) => have.includes(m))) {
    throw new Error(`${name} keeps the moments ${want.join(', ')}, the checkpoint has ${have.join(', ') || 'none'}`);
  }
  for (const m of want) {
    const n = moments[m].length;
    if (n !== paramFloats) throw new Error(`optimizer moment ${m} holds ${n} values, the network packs ${paramFloats}`);
  }
}
