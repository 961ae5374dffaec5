// Drives a TrainPlan: per submit it writes the step slots, encodes several whole training steps
// into one compute pass, copies their metrics into a readback ring and submits. It never waits
// on the submit it just made; losses reach the CPU when their map resolves.
import { AUGMENT_SHIFT } from '../data/augment.ts';
import { shuffledIndices } from '../data/shuffle.ts';
import { encodeDispatches, type GpuContext } from './dispatch.ts';
import type { GpuDataset } from './dataset.ts';
import type { SplitResult } from './eval-plan.ts';
import { ForwardPlans } from './forward-plans.ts';
import type { InsideReadback } from './inside-plan.ts';
import { readBuffers } from './read-buffers.ts';
import { ReadbackRing } from './readback-ring.ts';
import { SnapshotBook } from './snapshots.ts';
import { DEFAULT_STEP, packStep, STEP_STRIDE } from './step-params.ts';
import { buildInErrorScopes } from './device.ts';
import { checkMemory, deviceMemoryLimits, type MemoryReport } from './memory-plan.ts';
import { formatBytes } from '../model/bytes.ts';
import { buildTrainPlan, liveList, MAX_STEPS_PER_SUBMIT, METRICS_READBACK, trainPlanLayout, type TrainPlan } from './train-plan.ts';
import { DEFAULT_SCHEDULE, validateConfig, type OptimizerName, type ScheduleName, type TrainConfig } from '../model/config.ts';
import { buildGraph, initParams, initState, packWeights, unpackWeights, type ModelGraph, type NamedTensors } from '../model/graph.ts';
import { scheduleFactor } from '../model/lr-schedule.ts';
import { checkMoments, type Moments } from '../model/optimizers/index.ts';

export interface StepMetrics {
  /** Step number (1-based) of loss[0]. */
  firstStep: number;
  loss: Float32Array;
  /** Fraction of the batch classified correctly, per step. */
  accuracy: Float32Array;
}

export interface Divergence {
  step: number;
  loss: number;
  restoredStep: number;
}

/** CPU time of the submits of one trainSteps call: writing step slots, encoding and queue.submit, never waiting on the GPU. */
export interface HostTime {
  steps: number;
  submits: number;
  /** Each submit's ms per step, in order. */
  perSubmit: number[];
}

/** A run's whole state at one step (see Trainer.checkpoint). */
export interface TrainerCheckpoint {
  step: number;
  optimizer: OptimizerName;
  weights: NamedTensors;
  /** The optimizer's moments by name (src/model/optimizers): one float per parameter each, packed like the parameters. */
  moments: Moments;
}

export interface TrainerHooks {
  onMetrics?: (m: StepMetrics) => void;
}

/** Aim for submits of about this many seconds: long enough to amortise, short enough to pause. */
const TARGET_SUBMIT_SECONDS = 0.05;
/** A loss above this is called an explosion even when finite (ln 10 ≈ 2.3 is chance level). */
const EXPLODED_LOSS = 1e3;
/**
 * Written into a readback buffer before each submit's metrics are copied over it. A correct-count
 * of -1 cannot come from the loss kernel: read back, it means the submit never ran (an invalid
 * buffer or command), which must stop training rather than show a loss of 0.
 */
const MISSING_METRICS = new Float32Array(MAX_STEPS_PER_SUBMIT * 2).fill(-1);

export class Trainer {
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** The config's schedule, or the default where it names none. */
  readonly schedule: ScheduleName;
  private done_ = 0;
  private rate = 0;
  /** Set when a non-finite or exploding loss stopped training; weights were rolled back. */
  private diverged: Divergence | null = null;

  private readonly ring: ReadbackRing;
  private readonly snapshots: SnapshotBook;
  private readonly stepData = new ArrayBuffer(MAX_STEPS_PER_SUBMIT * STEP_STRIDE);
  private submits = 0;
  private firstBadSubmit: number | null = null;
  /** Set when a submit's metrics never arrived: the trainer cannot go on. */
  private failure: Error | null = null;
  private stepsPerSubmit = 1;
  private shuffledEpoch = -1;
  private lastRead = 0;
  private readonly forward: ForwardPlans;
  private stopRequested = false;
  private learningRate: number;
  private hostTime: HostTime = { steps: 0, submits: 0, perSubmit: [] };

  private constructor(
    readonly ctx: GpuContext,
    readonly data: GpuDataset,
    readonly config: TrainConfig,
    readonly graph: ModelGraph,
    readonly plan: TrainPlan,
    private readonly hooks: TrainerHooks,
  ) {
    this.learningRate = config.learningRate;
    this.stepsPerEpoch = Math.floor(data.train.count / config.batchSize);
    this.schedule = config.schedule ?? DEFAULT_SCHEDULE;
    this.totalSteps = Math.min(this.stepsPerEpoch * config.epochs, config.steps ?? Infinity);
    this.ring = new ReadbackRing(ctx.device, METRICS_READBACK.label, METRICS_READBACK.bytes, METRICS_READBACK.count);
    this.snapshots = new SnapshotBook(METRICS_READBACK.count + 1);
    this.forward = new ForwardPlans(ctx, graph, { params: plan.params, state: plan.state }, data.test);
  }

  /** Checks the config and the weights (when given) before any GPU allocation: a bad set costs nothing. */
  static async create(ctx: GpuContext, data: GpuDataset, config: TrainConfig, hooks: TrainerHooks = {}, weights?: NamedTensors): Promise<Trainer> {
    const { checked, graph, memory } = Trainer.check(ctx, data, config);
    const packed = weights ? packWeights(graph, weights) : { params: initParams(graph, checked.seed), state: initState(graph) };
    // The budget is the engine's guess: the device may still run short, and says so only in a scope.
    const what = `the training plan of ${graph.spec.name} at batch ${checked.batchSize} (${formatBytes(memory.training)})`;
    return buildInErrorScopes(
      ctx.device,
      what,
      async () => {
        const layout = trainPlanLayout(graph, checked.batchSize, checked.optimizer, data.train.count, Boolean(ctx.software));
        const plan = await buildTrainPlan(ctx, graph, layout, checked.optimizer, data.train, checked.labelSmoothing);
        const trainer = new Trainer(ctx, data, checked, graph, plan, hooks);
        ctx.device.queue.writeBuffer(plan.params, 0, packed.params);
        ctx.device.queue.writeBuffer(plan.state, 0, packed.state);
        return trainer;
      },
      (t) => t.destroy(),
    );
  }

  /**
   * Everything create checks before it touches the GPU: the config, the memory plan against this
   * device, and the weights when given. Throws the refusal; a caller can run it before freeing
   * the model in use, so a refused change leaves that model as it was.
   */
  static check(
    ctx: GpuContext,
    data: GpuDataset,
    config: TrainConfig,
    weights?: NamedTensors,
  ): { checked: TrainConfig; graph: ModelGraph; memory: MemoryReport } {
    const checked = validateConfig(config, data.train.count);
    const graph = buildGraph(checked.model);
    const memory = Trainer.memory(ctx, data, checked);
    if (memory.problem) throw new Error(memory.problem);
    // After the memory check: a network too big for the GPU is refused before its weights fill the CPU's memory.
    if (weights) packWeights(graph, weights);
    return { checked, graph, memory };
  }

  /** What a trainer of this config would allocate here, from the layouts it allocates, and whether that fits. */
  static memory(ctx: GpuContext, data: GpuDataset, config: TrainConfig): MemoryReport {
    const graph = buildGraph(config.model);
    const c = {
      batch: config.batchSize,
      optimizer: config.optimizer,
      trainCount: data.train.count,
      testCount: data.test.count,
      dataBytes: data.bytes,
      software: Boolean(ctx.software),
    };
    return checkMemory(graph, c, deviceMemoryLimits(ctx.device));
  }

  /** Optimizer steps taken since the run began. */
  get stepsDone(): number {
    return this.done_;
  }

  /** Smoothed training throughput. */
  get samplesPerSecond(): number {
    return this.rate;
  }

  /** Continues a run from `step` (weights restored from a backup of that step). */
  resumeAt(step: number): void {
    if (!Number.isInteger(step) || step < 0 || step > this.totalSteps) throw new Error(`resumeAt: step ${step} is outside 0..${this.totalSteps}`);
    this.done_ = step;
  }

  /** The divergence that stopped the last trainSteps, once: reading it clears it. */
  takeDivergence(): Divergence | null {
    const d = this.diverged;
    this.diverged = null;
    return d;
  }

  /** GPU bytes this trainer holds (plans, snapshots, readback ring); constant after the first step. */
  get allocatedBytes(): number {
    return this.plan.arena.allocatedBytes + this.ring.totalBytes;
  }

  /** The host time of the last trainSteps call, submit by submit (for the benchmark). */
  get lastHostTime(): HostTime {
    return { ...this.hostTime, perSubmit: [...this.hostTime.perSubmit] };
  }

  get epoch(): number {
    return Math.min(this.config.epochs, Math.floor(this.stepsDone / this.stepsPerEpoch) + 1);
  }

  get done(): boolean {
    return this.stepsDone >= this.totalSteps;
  }

  /** Asks a running trainSteps to stop after the submit in progress. */
  stop(): void {
    this.stopRequested = true;
  }

  /** The learning rate of 0-based step `step`: the set rate under the config's schedule. */
  learningRateAt(step = this.stepsDone): number {
    return this.learningRate * scheduleFactor(this.schedule, step, this.totalSteps);
  }

  setLearningRate(lr: number): void {
    validateConfig({ ...this.config, learningRate: lr }, this.data.train.count);
    this.learningRate = lr;
  }

  /** Trains up to n steps (fewer at the end of the last epoch, on stop() or divergence). */
  async trainSteps(n: number): Promise<number> {
    this.stopRequested = false;
    const target = Math.min(this.totalSteps, this.stepsDone + n);
    const start = this.stepsDone;
    this.lastRead = performance.now();
    this.hostTime = { steps: 0, submits: 0, perSubmit: [] };
    this.throwIfFailed();
    while (this.stepsDone < target && !this.stopRequested && this.firstBadSubmit === null && this.failure === null) {
      await this.submit(target);
    }
    await this.ring.drain();
    this.throwIfFailed();
    if (this.firstBadSubmit !== null) await this.rollBack();
    return this.stepsDone - start;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  private async submit(target: number): Promise<void> {
    const { device } = this.ctx;
    const { plan, config } = this;
    const epoch = Math.floor(this.stepsDone / this.stepsPerEpoch);
    const stepInEpoch = this.stepsDone % this.stepsPerEpoch;
    const k = Math.min(this.stepsPerSubmit, target - this.stepsDone, this.stepsPerEpoch - stepInEpoch);
    if (epoch !== this.shuffledEpoch) {
      device.queue.writeBuffer(plan.indices, 0, shuffledIndices(this.data.train.count, config.seed, epoch));
      this.shuffledEpoch = epoch;
    }
    const packStart = performance.now();
    for (let i = 0; i < k; i++) {
      packStep(
        {
          ...DEFAULT_STEP,
          cursor: (stepInEpoch + i) * config.batchSize,
          slot: i,
          t: this.stepsDone + i + 1,
          lr: this.learningRateAt(this.stepsDone + i),
          shift: config.augment ? AUGMENT_SHIFT : 0,
          rotate: ((config.rotate ?? 0) * Math.PI) / 180,
          zoom: config.zoom ?? 0,
          seed: config.seed,
        },
        this.stepData,
        i * STEP_STRIDE,
      );
    }
    device.queue.writeBuffer(plan.stepUniform, 0, this.stepData, 0, k * STEP_STRIDE);
    const packMs = performance.now() - packStart;
    const { buffer, index } = await this.ring.acquire();
    device.queue.writeBuffer(buffer, 0, MISSING_METRICS, 0, k * 2);
    const encodeStart = performance.now();
    const submit = this.submits++;
    const encoder = device.createCommandEncoder({ label: `train submit ${submit}` });
    const snap = this.snapshots.due(submit, this.stepsDone);
    if (snap !== null) this.copyState(encoder, snap, 'save');
    const pass = encoder.beginComputePass({ label: `train steps ${this.stepsDone + 1}-${this.stepsDone + k}` });
    for (let i = 0; i < k; i++) encodeDispatches(pass, plan.steps[i]);
    pass.end();
    encoder.copyBufferToBuffer(plan.metrics, 0, buffer, 0, k * 8);
    device.queue.submit([encoder.finish()]);
    const hostMs = packMs + performance.now() - encodeStart;
    this.hostTime.steps += k;
    this.hostTime.submits++;
    this.hostTime.perSubmit.push(hostMs / k);
    const firstStep = this.stepsDone + 1;
    this.done_ += k;
    void this.ring.map(index, k * 8, (bytes) => this.onMetrics(submit, firstStep, k, new Float32Array(bytes)));
  }

  private onMetrics(submit: number, firstStep: number, k: number, raw: Float32Array): void {
    if (raw[1] < 0) {
      this.failure ??= new Error(
        `the GPU did not write the metrics of steps ${firstStep}–${firstStep + k - 1}: its work was refused (see the GPU error), so those steps did not train`,
      );
      return;
    }
    const loss = new Float32Array(k);
    const accuracy = new Float32Array(k);
    for (let i = 0; i < k; i++) {
      loss[i] = raw[2 * i];
      accuracy[i] = raw[2 * i + 1] / this.config.batchSize;
      if (this.firstBadSubmit === null && !(Math.abs(loss[i]) < EXPLODED_LOSS)) {
        this.firstBadSubmit = submit;
        this.diverged = { step: firstStep + i, loss: loss[i], restoredStep: 0 };
      }
    }
    const now = performance.now();
    const seconds = (now - this.lastRead) / 1000;
    this.lastRead = now;
    if (seconds > 0) {
      const rate = (k * this.config.batchSize) / seconds;
      this.rate = this.rate === 0 ? rate : 0.8 * this.rate + 0.2 * rate;
      const perStep = seconds / k;
      this.stepsPerSubmit = Math.max(1, Math.min(MAX_STEPS_PER_SUBMIT, Math.round(TARGET_SUBMIT_SECONDS / perStep)));
    }
    this.hooks.onMetrics?.({ firstStep, loss, accuracy });
  }

  private copyState(encoder: GPUCommandEncoder, slot: number, direction: 'save' | 'restore'): void {
    const snapshot = liveList(this.plan.snapshots[slot]);
    liveList(this.plan).forEach((b, i) => {
      const saved = snapshot[i];
      if (direction === 'save') encoder.copyBufferToBuffer(b, 0, saved, 0, b.size);
      else encoder.copyBufferToBuffer(saved, 0, b, 0, b.size);
    });
  }

  private async rollBack(): Promise<void> {
    const good = this.snapshots.goodBefore(this.firstBadSubmit!);
    if (!good) throw new Error('training diverged and no good snapshot was found');
    const encoder = this.ctx.device.createCommandEncoder({ label: 'restore snapshot' });
    this.copyState(encoder, good.slot, 'restore');
    this.ctx.device.queue.submit([encoder.finish()]);
    await this.ctx.device.queue.onSubmittedWorkDone();
    this.done_ = good.step;
    this.diverged!.restoredStep = good.step;
    this.firstBadSubmit = null;
    // Later snapshots hold diverged weights: start the book over from the restored state.
    this.submits = 0;
    this.snapshots.slots.fill(null);
  }

  /** Test-set loss and predictions of the weights as they stand (between training submits). */
  evaluate(limit?: number): Promise<SplitResult> {
    return this.forward.evaluate(limit);
  }

  predict(image: Float32Array): Promise<Float32Array> {
    return this.forward.predict(image);
  }

  /** Activations, filters and saliency of one image (see InsidePlan). */
  inspect(image: Float32Array): Promise<InsideReadback> {
    return this.forward.inspect(image);
  }

  /** Weights and running statistics by name, read back from the GPU. */
  async getWeights(): Promise<NamedTensors> {
    const [params, state] = await this.readBack([this.plan.params, this.plan.state]);
    return unpackWeights(this.graph, { params, state });
  }

  /**
   * Everything a run needs to go on exactly where it stands: weights, running statistics and the
   * optimizer's moments, copied in one submit between training submits, so all of them belong to
   * `step` (the steps submitted so far), whatever is still in flight.
   */
  async checkpoint(): Promise<TrainerCheckpoint> {
    const step = this.stepsDone;
    const names = Object.keys(this.plan.moments);
    const [params, state, ...read] = await this.readBack(liveList(this.plan));
    const moments = Object.fromEntries(names.map((name, i) => [name, read[i]]));
    return { step, optimizer: this.config.optimizer, weights: unpackWeights(this.graph, { params, state }), moments };
  }

  /**
   * Puts a checkpoint of this model and optimizer back and continues from its step. Checked before
   * anything is written: a checkpoint of another network, optimizer or run length leaves the model untouched.
   */
  restore(c: TrainerCheckpoint): void {
    const packed = packWeights(this.graph, c.weights);
    if (c.optimizer !== this.config.optimizer) throw new Error(`the optimizer state is ${c.optimizer}'s, but this run uses ${this.config.optimizer}`);
    checkMoments(c.optimizer, c.moments, this.graph.paramFloats);
    if (!Number.isInteger(c.step) || c.step < 0 || c.step > this.totalSteps)
      throw new Error(`the checkpoint's step ${c.step} is outside this run's 0..${this.totalSteps}`);
    const { queue } = this.ctx.device;
    queue.writeBuffer(this.plan.params, 0, packed.params);
    queue.writeBuffer(this.plan.state, 0, packed.state);
    for (const [name, b] of Object.entries(this.plan.moments)) queue.writeBuffer(b, 0, c.moments[name]);
    this.resumeAt(c.step);
  }

  /**
   * Live-state buffers (see liveState) read back as floats in one submit: the parameter count for
   * each, the state count for the state buffer (padded to 4 bytes when the network has none).
   */
  private async readBack(live: GPUBuffer[]): Promise<Float32Array<ArrayBuffer>[]> {
    const parts = live.map((buffer) => ({ buffer, bytes: (buffer === this.plan.state ? this.graph.stateFloats : this.graph.paramFloats) * 4 }));
    return (await readBuffers(this.ctx.device, 'trainer/readback', parts)).map((bytes) => new Float32Array(bytes));
  }

  /**
   * Replaces the weights (checked first: a bad set leaves the model untouched) and starts a run
   * from them: optimizer state cleared and the step back at 0, so the schedule starts over too
   * (as the session's backup of weights just put in says: step 0, no moments).
   */
  setWeights(weights: NamedTensors): void {
    const packed = packWeights(this.graph, weights);
    const { queue } = this.ctx.device;
    queue.writeBuffer(this.plan.params, 0, packed.params);
    queue.writeBuffer(this.plan.state, 0, packed.state);
    const zeros = new Float32Array(this.graph.paramFloats);
    for (const m of Object.values(this.plan.moments)) queue.writeBuffer(m, 0, zeros);
    this.resumeAt(0);
  }

  async destroy(): Promise<void> {
    this.stop();
    await this.ring.drain();
    this.plan.arena.destroy();
    this.ring.destroy();
    await this.forward.destroy();
  }
}
