// What an optimizer is, backend-neutral: its name, the per-parameter state it keeps (its
// moments, by name), the hyperparameters it reads from each step and their checks, and its
// reference update. A backend builds its update kernel from the same name (src/gpu/optimizers.ts).

/** What one optimizer step reads: the 1-based step count, the scheduled rate and the hyperparameters. */
export interface OptimizerStep {
  t: number;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  momentum: number;
}

export type OptimizerHyper = Omit<OptimizerStep, 't' | 'lr'>;

export interface Optimizer<M extends string = string> {
  readonly name: string;
  /**
   * The moments: one float per parameter each, packed like the parameters, zero before step 1.
   * This order is the order snapshots copy them in and runs saved before moments had names stored them in.
   */
  readonly moments: readonly M[];
  /** The hyperparameters it reads, with their defaults. */
  readonly hyper: Partial<OptimizerHyper>;
  /** Throws naming the first hyperparameter out of its range. */
  checkHyper(step: OptimizerStep): void;
  /** One step in place, in float64 per element, from the hyperparameters as an f32 uniform holds them. */
  update(params: Float32Array, grads: Float32Array, moments: Record<M, Float32Array>, step: OptimizerStep): void;
}
