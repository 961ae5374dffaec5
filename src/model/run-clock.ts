// Where a run stands and what it steps at, for any backend's training model: the config's
// length in steps and epochs, the steps done, the set rate under the config's schedule, and the
// checks a checkpoint passes before it is put back. The GPU and CPU trainers hold one each.
import { DEFAULT_SCHEDULE, validateConfig, type ScheduleName, type TrainConfig } from './config.ts';
import type { Checkpoint } from './engine.ts';
import { packWeights, type ModelGraph, type PackedWeights } from './graph.ts';
import { scheduleFactor } from './lr-schedule.ts';
import { checkMoments } from './optimizers/index.ts';
import { epochAt, stepsPerEpoch, totalSteps } from './run-length.ts';

/** A loss above this is called an explosion even when finite (ln 10 ≈ 2.3 is chance level). */
export const EXPLODED_LOSS = 1e3;

/** Whether a step's loss means the run diverged: not finite, or exploded. */
export function lossDiverged(loss: number): boolean {
  return !(Math.abs(loss) < EXPLODED_LOSS);
}

export class RunClock {
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** The config's schedule, or the default where it names none. */
  readonly schedule: ScheduleName;
  private done_ = 0;
  private learningRate: number;

  constructor(
    readonly config: TrainConfig,
    private readonly trainCount: number,
  ) {
    this.learningRate = config.learningRate;
    this.stepsPerEpoch = stepsPerEpoch(trainCount, config.batchSize);
    this.schedule = config.schedule ?? DEFAULT_SCHEDULE;
    this.totalSteps = totalSteps(config, this.stepsPerEpoch);
  }

  get stepsDone(): number {
    return this.done_;
  }

  get epoch(): number {
    return epochAt(this.done_, this.stepsPerEpoch, this.config.epochs);
  }

  get done(): boolean {
    return this.done_ >= this.totalSteps;
  }

  /** Steps taken: the clock moves on by n. */
  advance(n: number): void {
    this.done_ += n;
  }

  /** Continues the run from `step`. */
  resumeAt(step: number): void {
    if (!Number.isInteger(step) || step < 0 || step > this.totalSteps) throw new Error(`resumeAt: step ${step} is outside 0..${this.totalSteps}`);
    this.done_ = step;
  }

  learningRateAt(step = this.done_): number {
    return this.learningRate * scheduleFactor(this.schedule, step, this.totalSteps);
  }

  setLearningRate(lr: number): void {
    validateConfig({ ...this.config, learningRate: lr }, this.trainCount);
    this.learningRate = lr;
  }

  /**
   * Checks a checkpoint against this model and run before anything is written: its network, its
   * optimizer's moments and its step; throws naming the problem. Returns its weights packed.
   */
  checkCheckpoint(graph: ModelGraph, c: Checkpoint): PackedWeights {
    const packed = packWeights(graph, c.weights);
    if (c.optimizer !== this.config.optimizer) throw new Error(`the optimizer state is ${c.optimizer}'s, but this run uses ${this.config.optimizer}`);
    checkMoments(c.optimizer, c.moments, graph.paramFloats);
    if (!Number.isInteger(c.step) || c.step < 0 || c.step > this.totalSteps)
      throw new Error(`the checkpoint's step ${c.step} is outside this run's 0..${this.totalSteps}`);
    return packed;
  }
}
