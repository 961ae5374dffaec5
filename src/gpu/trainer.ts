// The WebGPU engine's training model (src/model/engine.ts): drives a TrainPlan. Per submit it
// writes the step slots, encodes several whole training steps into one compute pass, copies their
// metrics into a readback ring and submits. It never waits on the submit it just made; losses
// reach the CPU when their map resolves. Admission (trainer-admission.ts), the submit pace
// (submit-pacer.ts), the divergence rollback (divergence-guard.ts) and the forward-only plans
// (reading-model.ts) are their own files.
import { AUGMENT_SHIFT } from '../model/augment.ts';
import { shuffledIndices } from '../data/shuffle.ts';
import { encodeDispatches, type GpuContext } from './dispatch.ts';
import type { GpuDataset } from './dataset.ts';
import { buildInErrorScopes } from './device.ts';
import { DivergenceGuard } from './divergence-guard.ts';
import { readBuffers } from './read-buffers.ts';
import { ReadbackRing } from './readback-ring.ts';
import { GpuLayerHistograms } from './layer-histograms.ts';
import { GpuReadingModel } from './reading-model.ts';
import { DEFAULT_STEP, packStep, STEP_STRIDE } from './step-params.ts';
import { MISSING_METRICS, SubmitPacer } from './submit-pacer.ts';
import { admit } from './trainer-admission.ts';
import { buildTrainPlan, liveList, MAX_STEPS_PER_SUBMIT, METRICS_READBACK, trainPlanLayout, type TrainPlan } from './train-plan.ts';
import { formatBytes } from '../model/bytes.ts';
import type { ScheduleName, TrainConfig } from '../model/config.ts';
import type { Checkpoint, Divergence, EngineHooks, InsideReadback, SplitResult, TrainingModel } from '../model/engine.ts';
import type { LayerHistogramReadback } from '../model/histogram.ts';
import { initParams, initState, packWeights, unpackWeights, type ModelGraph, type NamedTensors } from '../model/graph.ts';
import { RunClock } from '../model/run-clock.ts';

export type { Divergence, StepMetrics } from '../model/engine.ts';
/** A run's whole state at one step (see Trainer.checkpoint). */
export type TrainerCheckpoint = Checkpoint;

export interface TrainerHooks extends EngineHooks {
  /**
   * The CPU ms of one submit of `steps` steps: writing its step slots, encoding and queue.submit,
   * never waiting on the GPU. For the benchmark: unset, nothing is timed.
   */
  onSubmitted?: (steps: number, hostMs: number) => void;
}

export class Trainer implements TrainingModel {
  readonly reading: GpuReadingModel;
  private readonly histograms: GpuLayerHistograms;
  /** Steps done, the run's length and the rate under the schedule. */
  private readonly clock: RunClock;
  private readonly ring: ReadbackRing;
  private readonly guard: DivergenceGuard;
  private readonly pacer: SubmitPacer;
  private readonly stepData = new ArrayBuffer(MAX_STEPS_PER_SUBMIT * STEP_STRIDE);
  /** Set when a submit's metrics never arrived: the trainer cannot go on. */
  private failure: Error | null = null;
  private shuffledEpoch = -1;
  private stopRequested = false;

  private constructor(
    readonly ctx: GpuContext,
    readonly data: GpuDataset,
    readonly config: TrainConfig,
    readonly graph: ModelGraph,
    readonly plan: TrainPlan,
    private readonly hooks: TrainerHooks,
  ) {
    this.clock = new RunClock(config, data.train.count);
    this.ring = new ReadbackRing(ctx.device, METRICS_READBACK.label, METRICS_READBACK.bytes, METRICS_READBACK.count);
    this.guard = new DivergenceGuard(ctx.device, plan);
    this.pacer = new SubmitPacer(config.batchSize, METRICS_READBACK.count);
    this.reading = new GpuReadingModel(ctx, graph, { params: plan.params, state: plan.state }, data.test);
    this.histograms = new GpuLayerHistograms(ctx, graph, { params: plan.params, grads: plan.grads });
  }

  /** Checks the config and the weights (when given) before any GPU allocation: a bad set costs nothing. */
  static async create(ctx: GpuContext, data: GpuDataset, config: TrainConfig, hooks: TrainerHooks = {}, weights?: NamedTensors): Promise<Trainer> {
    const { checked, graph, memory } = admit(ctx, data, config, weights);
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

  get stepsDone(): number {
    return this.clock.stepsDone;
  }

  get stepsPerEpoch(): number {
    return this.clock.stepsPerEpoch;
  }

  get totalSteps(): number {
    return this.clock.totalSteps;
  }

  /** The config's schedule, or the default where it names none. */
  get schedule(): ScheduleName {
    return this.clock.schedule;
  }

  get samplesPerSecond(): number {
    return this.pacer.samplesPerSecond;
  }

  /** Continues a run from `step` (weights restored from a backup of that step). */
  resumeAt(step: number): void {
    this.clock.resumeAt(step);
  }

  takeDivergence(): Divergence | null {
    return this.guard.take();
  }

  /** GPU bytes this trainer holds (plans, snapshots, readback ring); constant after the first step. */
  get allocatedBytes(): number {
    return this.plan.arena.allocatedBytes + this.ring.totalBytes;
  }

  get epoch(): number {
    return this.clock.epoch;
  }

  get done(): boolean {
    return this.clock.done;
  }

  stop(): void {
    this.stopRequested = true;
  }

  learningRateAt(step?: number): number {
    return this.clock.learningRateAt(step);
  }

  setLearningRate(lr: number): void {
    this.clock.setLearningRate(lr);
  }

  async trainSteps(n: number): Promise<number> {
    this.stopRequested = false;
    const target = Math.min(this.totalSteps, this.stepsDone + n);
    const start = this.stepsDone;
    this.pacer.begin();
    this.throwIfFailed();
    while (this.stepsDone < target && !this.stopRequested && !this.guard.tripped && this.failure === null) {
      await this.submit(target);
    }
    await this.ring.drain();
    this.throwIfFailed();
    if (this.guard.tripped) this.clock.resumeAt(await this.guard.rollBack());
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
    const k = Math.min(this.pacer.stepsPerSubmit, target - this.stepsDone, this.stepsPerEpoch - stepInEpoch);
    if (epoch !== this.shuffledEpoch) {
      device.queue.writeBuffer(plan.indices, 0, shuffledIndices(this.data.train.count, config.seed, epoch));
      this.shuffledEpoch = epoch;
    }
    const timed = this.hooks.onSubmitted;
    const packStart = timed ? performance.now() : 0;
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
    const packMs = timed ? performance.now() - packStart : 0;
    const { buffer, index } = await this.ring.acquire(this.pacer.submitsInFlight);
    device.queue.writeBuffer(buffer, 0, MISSING_METRICS, 0, k * 2);
    const encodeStart = timed ? performance.now() : 0;
    const submit = this.guard.nextSubmit();
    const encoder = device.createCommandEncoder({ label: `train submit ${submit}` });
    this.guard.snapshotIfDue(encoder, submit, this.stepsDone);
    const pass = encoder.beginComputePass({ label: `train steps ${this.stepsDone + 1}-${this.stepsDone + k}` });
    for (let i = 0; i < k; i++) encodeDispatches(pass, plan.steps[i]);
    pass.end();
    encoder.copyBufferToBuffer(plan.metrics, 0, buffer, 0, k * 8);
    device.queue.submit([encoder.finish()]);
    if (timed) timed(k, packMs + performance.now() - encodeStart);
    const firstStep = this.stepsDone + 1;
    this.clock.advance(k);
    void this.ring.map(index, k * 8, (bytes) => this.onMetrics(submit, firstStep, k, new Float32Array(bytes)));
  }

  private onMetrics(submit: number, firstStep: number, k: number, raw: Float32Array): void {
    const m = this.pacer.read(raw, k);
    if (m.kind === 'missing') {
      this.failure ??= new Error(
        `the GPU did not write the metrics of steps ${firstStep}–${firstStep + k - 1}: its work was refused (see the GPU error), so those steps did not train`,
      );
      return;
    }
    if (m.badAt >= 0) this.guard.noteBad(submit, firstStep + m.badAt, m.loss[m.badAt]);
    this.hooks.onMetrics?.({ firstStep, loss: m.loss, accuracy: m.accuracy });
  }

  /** Test-set loss and predictions of the weights as they stand (the reading model's, for scripts and tests). */
  evaluate(limit?: number): Promise<SplitResult> {
    return this.reading.evaluate(limit);
  }

  predict(image: Float32Array): Promise<Float32Array> {
    return this.reading.predict(image);
  }

  inspect(image: Float32Array): Promise<InsideReadback> {
    return this.reading.inspect(image);
  }

  /** Between training submits, as every read is: queued after the steps submitted so far. */
  layerHistograms(bins: number): Promise<LayerHistogramReadback> {
    return this.histograms.read(this.stepsDone, bins);
  }

  async getWeights(): Promise<NamedTensors> {
    const [params, state] = await this.readBack([this.plan.params, this.plan.state]);
    return unpackWeights(this.graph, { params, state });
  }

  /**
   * Everything a run needs to go on exactly where it stands: weights, running statistics and the
   * optimizer's moments, copied in one submit between training submits, so all of them belong to
   * `step` (the steps submitted so far), whatever is still in flight.
   */
  async checkpoint(): Promise<Checkpoint> {
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
  restore(c: Checkpoint): void {
    const packed = this.clock.checkCheckpoint(this.graph, c);
    const { queue } = this.ctx.device;
    queue.writeBuffer(this.plan.params, 0, packed.params);
    queue.writeBuffer(this.plan.state, 0, packed.state);
    for (const [name, b] of Object.entries(this.plan.moments)) queue.writeBuffer(b, 0, c.moments[name]);
    this.histograms.forget();
    this.resumeAt(c.step);
  }

  /**
   * Live-state buffers read back as floats in one submit: the parameter count for each, the
   * state count for the state buffer (padded to 4 bytes when the network has none).
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
    this.histograms.forget();
    this.resumeAt(0);
  }

  async destroy(): Promise<void> {
    this.stop();
    await this.ring.drain();
    this.plan.arena.destroy();
    this.ring.destroy();
    this.histograms.destroy();
    await this.reading.destroy();
  }
}
