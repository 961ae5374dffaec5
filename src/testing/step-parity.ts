// A whole training step of an engine against the reference engine on the same weights and batch:
// the cases' shared settings, the configs they train, the reference's step on the batch the
// engine gathers, and its update. Both engines' parity tests (src/gpu/trainer-parity.gpu.test.ts,
// src/cpu/trainer-parity.node.test.ts) run their own cases through these, each starting a step
// from the engine's own state, so that a step is checked alone.
import { shuffledIndices } from '../data/shuffle.ts';
import type { Mnist } from '../data/mnist.ts';
import { AUGMENT_SHIFT } from '../model/augment.ts';
import type { OptimizerName, ScheduleName, TrainConfig } from '../model/config.ts';
import type { ModelGraph } from '../model/graph.ts';
import { DEFAULT_HYPER, optimizer as optimizerOf } from '../model/optimizers/index.ts';
import { preset } from '../model/presets.ts';
import { gather } from '../reference/gather.ts';
import { lossAndGradient } from '../reference/network.ts';
import { PARITY_SPECS } from './specs.ts';
import { syntheticMnist } from './synthetic-mnist.ts';

// Gradients: f32 sums of a few thousand terms in the engine vs float64 in the reference.
export const GRAD_TOL = { atol: 2e-5, rtol: 2e-3 };
// One Adam step moves a weight by at most lr (1e-3); a gradient sign flip at noise level moves
// it by lr·|g|/(|g|+eps), which stays far below 1e-4 for |g| near zero. SGD moves a weight by
// lr·v: its gradient's error times lr (0.1) is far below 1e-4 too.
export const PARAM_TOL = { atol: 1e-4, rtol: 1e-4 };
// Rates whose steps move the weights by more than PARAM_TOL, so that a skipped update, or a
// schedule ignored, fails the comparison (each case proves it of its own steps).
export const LR: Record<OptimizerName, number> = { adam: 1e-3, sgd: 0.1 };
const COUNT = 48;
const SEED = 3;
// cnn-bn's recipe turns and scales its digits too: by up to this much (degrees, fraction).
const WARP = { rotate: 10, zoom: 0.1 };

export interface StepCase {
  /** A preset's name, or one of PARITY_SPECS'. */
  model: string;
  optimizer: OptimizerName;
  batch: number;
  schedule: ScheduleName;
  /** Shifts, or shifts with turns and scaling. */
  augment: boolean | 'warp';
  smoothing?: number;
}

const specs = new Map(PARITY_SPECS.map((s) => [s.name, s]));

/** The data every case trains on. */
export function parityData(): Mnist {
  return syntheticMnist(COUNT, 8, 11);
}

export function parityConfig(c: StepCase): TrainConfig {
  return {
    model: specs.get(c.model) ?? preset(c.model),
    optimizer: c.optimizer,
    learningRate: LR[c.optimizer],
    batchSize: c.batch,
    epochs: 1,
    seed: SEED,
    schedule: c.schedule,
    augment: c.augment !== false,
    ...(c.augment === 'warp' ? WARP : {}),
    labelSmoothing: c.smoothing ?? 0,
  };
}

/**
 * The reference's loss and gradients for step `step` (from 0) of case `c`, on the batch the
 * engine gathers then, from the engine's parameters; updates `state` as the training forward
 * updates the running statistics.
 */
export function referenceStep(c: StepCase, data: Mnist, graph: ModelGraph, params: Float32Array, state: Float32Array, step: number) {
  const order = shuffledIndices(COUNT, SEED, 0);
  const shape = { batch: c.batch, pixels: 784, count: COUNT, width: 28 };
  const warp = c.augment === 'warp' ? { rotate: (WARP.rotate * Math.PI) / 180, zoom: WARP.zoom } : {};
  const augmentation = { shift: c.augment ? AUGMENT_SHIFT : 0, ...warp, t: step + 1, seed: SEED };
  const { x, y: labels } = gather(data.train.images, data.train.labels, order, step * c.batch, shape, augmentation);
  return lossAndGradient(graph, { params, state }, x, labels, c.batch, { t: step + 1, seed: SEED }, c.smoothing ?? 0);
}

/**
 * The parameters after one step of the registry's `optimizer` (the update the reference engine
 * runs) at rate `lr` (step `t`, from 1), from copies of the given parameters and moments.
 */
export function referenceUpdate(
  optimizer: OptimizerName,
  params: Float32Array,
  moments: Record<string, Float32Array>,
  grads: Float32Array,
  t: number,
  lr: number,
): Float32Array {
  const after = params.slice();
  const copies = Object.fromEntries(Object.entries(moments).map(([name, m]) => [name, m.slice()]));
  optimizerOf(optimizer).update(after, grads, copies, { ...DEFAULT_HYPER, t, lr });
  return after;
}
