// The CPU engine's training model (src/model/engine.ts): a model's whole state in one
// WebAssembly memory laid out before it exists (model-layout.ts), trained a step at a time by
// the kernels. It yields to the event loop between chunks of about CHUNK_MS, so a stop request
// and the other messages reach it, and reports each chunk's metrics. A diverged loss puts back
// the snapshot of the live state taken every SNAPSHOT_EVERY steps.
import { shuffledIndices } from '../data/shuffle.ts';
import { formatBytes } from '../model/bytes.ts';
import { checkConfig, type TrainConfig } from '../model/config.ts';
import type { Checkpoint, Divergence, EngineHooks, LabelledImages, TrainingModel } from '../model/engine.ts';
import { layerHistogramsOf, type LayerHistogramReadback } from '../model/histogram.ts';
import { initParams, initState, packWeights, unpackWeights, type ModelGraph, type NamedTensors, type PackedWeights } from '../model/graph.ts';
import { DEFAULT_HYPER, type OptimizerStep } from '../model/optimizers/index.ts';
import { lossDiverged, RunClock } from '../model/run-clock.ts';
import { f32, u32, type Region } from './arena.ts';
import { gatherBatch } from './batch.ts';
import { cpuModelMemory } from './memory.ts';
import { layoutModel, type CpuModelLayout, type LiveRegions } from './model-layout.ts';
import { cpuOptimizer } from './optimizers.ts';
import { CpuReadingModel } from './reading-model.ts';
import type { Run } from './run.ts';
import type { CpuThreads } from './threads.ts';
import { instantiate, kernelModule, newMemory } from './wasm/module.ts';

/** Train this long between yields to the event loop. */
const CHUNK_MS = 50;
/** Steps between snapshots of the live state (the divergence rollback's restore points). */
const SNAPSHOT_EVERY = 50;

export interface CpuTrainData {
  train: LabelledImages;
  test: LabelledImages;
}

const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class CpuTrainer implements TrainingModel {
  readonly reading: CpuReadingModel;
  private readonly clock: RunClock;
  private stopRequested = false;
  private divergence: Divergence | null = null;
  private shuffledEpoch = -1;
  private indices = new Uint32Array(0);
  private snapshotStep = 0;
  private rate = 0;
  private destroyed = false;
  /** The weights at the last layerHistograms call and their step, which the next measures the update from. */
  private histogramBase: { params: Float32Array; step: number } | null = null;

  private constructor(
    readonly config: TrainConfig,
    readonly graph: ModelGraph,
    private readonly layout: CpuModelLayout,
    private readonly memory: WebAssembly.Memory,
    private readonly run: Run,
    private readonly threads: CpuThreads,
    private readonly data: CpuTrainData,
    private readonly hooks: EngineHooks,
  ) {
    this.clock = new RunClock(config, data.train.count);
    this.reading = new CpuReadingModel(graph, layout, run, data.test);
  }

  /** Checks the config, the memory and the weights before anything is allocated. */
  static async create(threads: CpuThreads, data: CpuTrainData, config: TrainConfig, hooks: EngineHooks = {}, weights?: NamedTensors): Promise<CpuTrainer> {
    const { config: checked, graph } = checkConfig(config, data.train.count);
    const layout = layoutModel(graph, checked.batchSize, checked.optimizer);
    const memory = cpuModelMemory(layout, graph, checked.batchSize, data);
    if (memory.problem) throw new Error(memory.problem);
    const packed = weights ? packWeights(graph, weights) : { params: initParams(graph, checked.seed), state: initState(graph) };
    let wasm: WebAssembly.Memory;
    try {
      wasm = newMemory(layout.bytes, threads.shared);
    } catch (e) {
      throw new Error(`the CPU engine could not get ${formatBytes(layout.bytes)} of memory for ${graph.spec.name}: ${(e as Error).message}`);
    }
    const k = await instantiate(await kernelModule(threads.shared), wasm);
    const run = await threads.attach(wasm, k);
    const trainer = new CpuTrainer(checked, graph, layout, wasm, run, threads, data, hooks);
    trainer.write(packed);
    return trainer;
  }

  get stepsPerEpoch(): number {
    return this.clock.stepsPerEpoch;
  }
  get totalSteps(): number {
    return this.clock.totalSteps;
  }
  get stepsDone(): number {
    return this.clock.stepsDone;
  }
  get epoch(): number {
    return this.clock.epoch;
  }
  get done(): boolean {
    return this.clock.done;
  }
  get samplesPerSecond(): number {
    return this.rate;
  }
  /** Bytes of the model's memory: the layout's size, exactly. */
  get allocatedBytes(): number {
    return this.memory.buffer.byteLength;
  }
  /** Threads its kernels run on. */
  get threadCount(): number {
    return this.run.threads;
  }

  learningRateAt(step?: number): number {
    return this.clock.learningRateAt(step);
  }
  setLearningRate(lr: number): void {
    this.clock.setLearningRate(lr);
  }
  stop(): void {
    this.stopRequested = true;
  }
  takeDivergence(): Divergence | null {
    const d = this.divergence;
    this.divergence = null;
    return d;
  }

  async trainSteps(n: number): Promise<number> {
    this.stopRequested = false;
    const start = this.clock.stepsDone;
    const target = Math.min(this.clock.totalSteps, start + n);
    while (this.clock.stepsDone < target && !this.stopRequested && !this.divergence && !this.destroyed) {
      const began = performance.now();
      const first = this.clock.stepsDone + 1;
      const loss: number[] = [];
      const accuracy: number[] = [];
      while (this.clock.stepsDone < target && performance.now() - began < CHUNK_MS) {
        const m = this.step();
        if (!m) break;
        loss.push(m.loss);
        accuracy.push(m.accuracy);
      }
      const seconds = (performance.now() - began) / 1000;
      if (loss.length > 0) {
        const rate = (loss.length * this.config.batchSize) / Math.max(seconds, 1e-6);
        this.rate = this.rate === 0 ? rate : 0.8 * this.rate + 0.2 * rate;
        this.hooks.onMetrics?.({ firstStep: first, loss: Float32Array.from(loss), accuracy: Float32Array.from(accuracy) });
      }
      await yieldToEvents();
    }
    return this.clock.stepsDone - start;
  }

  /** One optimizer step; null when its loss diverged (the live state is then back at the snapshot). */
  private step(): { loss: number; accuracy: number } | null {
    const { config, layout, run } = this;
    const { train } = layout;
    const done = this.clock.stepsDone;
    if (done % SNAPSHOT_EVERY === 0) this.copyLive(layout.live, layout.snapshot, done);
    const epoch = Math.floor(done / this.clock.stepsPerEpoch);
    if (epoch !== this.shuffledEpoch) {
      this.indices = shuffledIndices(this.data.train.count, config.seed, epoch);
      this.shuffledEpoch = epoch;
    }
    const t = done + 1;
    const batch = config.batchSize;
    const cursor = (done % this.clock.stepsPerEpoch) * batch;
    gatherBatch(this.data.train, this.indices, cursor, batch, config, t, { x: f32(this.memory, train.net.input), labels: u32(this.memory, train.labels) });
    const draw = { t, seed: config.seed };
    train.net.forward(run, draw);
    const classes = this.graph.spec.classes;
    run.parallel('softmax_xent', batch, [
      classes,
      batch,
      config.labelSmoothing ?? 0,
      train.net.logits.offset,
      train.labels.offset,
      train.net.logitsGrad.offset,
      train.rowLoss.offset,
      train.rowCorrect.offset,
    ]);
    const rowLoss = f32(this.memory, train.rowLoss);
    const rowCorrect = u32(this.memory, train.rowCorrect);
    let loss = 0;
    let correct = 0;
    for (let b = 0; b < batch; b++) {
      loss += rowLoss[b];
      correct += rowCorrect[b];
    }
    loss /= batch;
    if (lossDiverged(loss)) {
      this.copyLive(layout.snapshot, layout.live, null);
      this.divergence = { step: t, loss, restoredStep: this.snapshotStep };
      this.clock.resumeAt(this.snapshotStep);
      return null;
    }
    train.net.backward(run, draw);
    const step: OptimizerStep = { ...DEFAULT_HYPER, t, lr: this.clock.learningRateAt(done) };
    cpuOptimizer(config.optimizer)(run, this.graph.paramFloats, layout.live.params, layout.model.grads, layout.live.moments, step);
    this.clock.advance(1);
    return { loss, accuracy: correct / batch };
  }

  /** Copies weights, running statistics and moments from one block to the other; `step` names a new snapshot. */
  private copyLive(from: LiveRegions, to: LiveRegions, step: number | null): void {
    const copy = (a: Region, b: Region) => f32(this.memory, b).set(f32(this.memory, a));
    copy(from.params, to.params);
    copy(from.state, to.state);
    for (const name of Object.keys(from.moments)) copy(from.moments[name], to.moments[name]);
    if (step !== null) this.snapshotStep = step;
  }

  private write(packed: PackedWeights, moments?: Record<string, Float32Array>): void {
    const { live } = this.layout;
    f32(this.memory, live.params).set(packed.params);
    f32(this.memory, live.state).set(packed.state);
    for (const [name, r] of Object.entries(live.moments)) {
      const m = f32(this.memory, r);
      if (moments) m.set(moments[name]);
      else m.fill(0);
    }
  }

  private packed(): PackedWeights {
    const { live } = this.layout;
    return { params: f32(this.memory, live.params).slice(), state: f32(this.memory, live.state).slice() };
  }

  /** Copies of the packed live state and the last step's gradients, as they stand (for tests). */
  packedState(): { params: Float32Array; state: Float32Array; grads: Float32Array; moments: Record<string, Float32Array> } {
    const read = (r: Region) => f32(this.memory, r).slice();
    const { live, model } = this.layout;
    return { ...this.packed(), grads: read(model.grads), moments: Object.fromEntries(Object.entries(live.moments).map(([n, r]) => [n, read(r)])) };
  }

  getWeights(): Promise<NamedTensors> {
    return Promise.resolve(unpackWeights(this.graph, this.packed()));
  }

  layerHistograms(bins: number): Promise<LayerHistogramReadback> {
    const { live, model } = this.layout;
    const params = f32(this.memory, live.params);
    const base = this.histogramBase;
    const layers = layerHistogramsOf(this.graph, { params, grads: f32(this.memory, model.grads), previous: base?.params ?? null }, bins);
    const step = this.clock.stepsDone;
    this.histogramBase = { params: params.slice(), step };
    return Promise.resolve({ step, sinceStep: base?.step ?? null, layers });
  }

  setWeights(weights: NamedTensors): void {
    this.histogramBase = null;
    this.write(packWeights(this.graph, weights));
    this.clock.resumeAt(0);
  }

  checkpoint(): Promise<Checkpoint> {
    const moments = Object.fromEntries(Object.entries(this.layout.live.moments).map(([name, r]) => [name, f32(this.memory, r).slice()]));
    return Promise.resolve({ step: this.clock.stepsDone, optimizer: this.config.optimizer, weights: unpackWeights(this.graph, this.packed()), moments });
  }

  restore(c: Checkpoint): void {
    const packed = this.clock.checkCheckpoint(this.graph, c);
    this.histogramBase = null;
    this.write(packed, c.moments);
    this.clock.resumeAt(c.step);
  }

  async destroy(): Promise<void> {
    this.stop();
    if (this.destroyed) return;
    this.destroyed = true;
    await this.threads.detach(this.run);
  }
}
