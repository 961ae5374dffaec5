// The engine behind the worker boundary: owns the device, the GPU dataset and one Trainer, runs
// the training loop, answers predictions between submits, and recovers from a lost device.
import { transfer } from 'comlink';
import type { Mnist } from '../data/mnist.ts';
import { NoWebGpuError, requestGpu } from '../gpu/device.ts';
import { GpuDataset } from '../gpu/dataset.ts';
import { createContext, type GpuHost } from '../gpu/context.ts';
import { Trainer } from '../gpu/trainer.ts';
import { DEFAULT_TRAINING, validateConfig, type TrainConfig } from '../model/config.ts';
import { networkCost } from '../model/costs.ts';
import { buildGraph, type NamedTensors } from '../model/graph.ts';
import { DEFAULT_PRESET, preset } from '../model/presets.ts';
import { decodeModelFile, encodeModelFile, modelLabel } from '../model/weights-file.ts';
import { summarise } from './evaluation.ts';
import type { EngineApi, EngineEvent, Evaluation, MemoryReport, ModelSpec, Progress, SpeedProbe, TrainState } from './protocol.ts';

export interface SessionHost {
  gpu: GPU | undefined;
  loadData(onProgress: (loaded: number, total: number) => void): Promise<Mnist>;
  /** The pretrained model, or null when none ships. */
  loadPretrained(): Promise<{ config: TrainConfig; weights: NamedTensors; label: string } | null>;
}

export const DEFAULT_CONFIG: TrainConfig = { ...DEFAULT_TRAINING, model: preset(DEFAULT_PRESET) };
/** Weights are copied to the CPU this often while training, to survive a lost device. */
const BACKUP_SECONDS = 10;
const PROGRESS_SECONDS = 0.25;
/** The speed probe: a short run of the default network, long enough to average over submits. */
const PROBE_WARMUP_STEPS = 2;
const PROBE_STEPS = 8;

export class EngineSession implements EngineApi {
  private emit: (e: EngineEvent) => void = () => undefined;
  private gpu: GpuHost | null = null;
  private mnist: Mnist | null = null;
  private data: GpuDataset | null = null;
  private trainer: Trainer | null = null;
  private config: TrainConfig = DEFAULT_CONFIG;
  private state: TrainState = 'loading';
  private loop: Promise<void> | null = null;
  private backup: { weights: NamedTensors; step: number } | null = null;
  private lastBackup = -Infinity;
  private lastProgress = 0;
  private evaluating: Promise<Evaluation> | null = null;
  private stopping = false;
  private lastEvaluation: Evaluation | null = null;

  constructor(private readonly host: SessionHost) {}

  async connect(onEvent: (event: EngineEvent) => void): Promise<void> {
    this.emit = onEvent;
    try {
      await this.openDevice();
    } catch (e) {
      if (e instanceof NoWebGpuError) this.emit({ type: 'unsupported', reason: e.reason, message: e.message });
      throw e;
    }
    this.emit({ type: 'loading', what: 'MNIST', loaded: 0, total: 1 });
    this.mnist = await this.host.loadData((loaded, total) => this.emit({ type: 'loading', what: 'MNIST', loaded, total }));
    this.data = GpuDataset.upload(this.gpu!.device, this.mnist);
    let pretrained = await this.host.loadPretrained().catch((e: unknown) => {
      this.emit({ type: 'notice', message: `The pretrained model could not be loaded (${String(e)}); starting untrained.` });
      return null;
    });
    this.config = pretrained?.config ?? DEFAULT_CONFIG;
    try {
      this.trainer = await this.newTrainer(this.config, pretrained?.weights);
    } catch (e) {
      // A shipped model that decodes but does not build (a config or memory refusal) must not stop the page.
      if (!pretrained) throw e;
      this.emit({ type: 'notice', message: `The pretrained model could not be built (${e instanceof Error ? e.message : String(e)}); starting untrained.` });
      pretrained = null;
      this.config = DEFAULT_CONFIG;
      this.trainer = await this.newTrainer(this.config);
    }
    this.state = 'idle';
    this.emit({
      type: 'ready',
      adapter: this.gpu!.adapterName,
      trainSize: this.mnist.train.count,
      testSize: this.mnist.test.count,
      model: this.config.model,
      pretrained: pretrained?.label ?? null,
    });
    this.progress(true);
  }

  private async openDevice(): Promise<void> {
    const gpu = await requestGpu(this.host.gpu, {
      // The session never destroys its own device, so every loss is one to recover from.
      onLost: (reason, message) => void this.recover(`${reason}: ${message || 'no message'}`),
      onError: (message) => this.emit({ type: 'error', message: `GPU error: ${message}`, fatal: false }),
    });
    this.gpu = createContext(gpu);
  }

  private newTrainer(config: TrainConfig, weights?: NamedTensors): Promise<Trainer> {
    return Trainer.create(this.gpu!, this.data!, config, { onMetrics: (m) => this.onMetrics(m.firstStep, m.loss, m.accuracy) }, weights);
  }

  private need(): Trainer {
    if (!this.trainer) throw new Error('the engine is still loading');
    return this.trainer;
  }

  async configure(config: TrainConfig): Promise<void> {
    const checked = validateConfig(config, this.mnist?.train.count ?? 60000);
    await this.swapIn(checked, await this.newTrainer(checked));
  }

  planMemory(config: TrainConfig): Promise<MemoryReport> {
    if (!this.gpu || !this.data) throw new Error('the engine is still loading');
    return Promise.resolve(Trainer.memory(this.gpu, this.data, validateConfig(config, this.data.train.count)));
  }

  /**
   * Times a few training steps of the default network on a throwaway trainer (the model in use is
   * untouched) and gives the rate as FLOP/s: the builder scales it to any network's FLOPs.
   */
  async probeSpeed(): Promise<SpeedProbe> {
    if (!this.gpu || !this.data) throw new Error('the engine is still loading');
    const config = { ...DEFAULT_CONFIG, steps: PROBE_WARMUP_STEPS + PROBE_STEPS };
    const t = await Trainer.create(this.gpu, this.data, config);
    try {
      // The first steps pay for compiling and first touches; they are not timed.
      await t.trainSteps(PROBE_WARMUP_STEPS);
      const begin = performance.now();
      await t.trainSteps(PROBE_STEPS);
      const samplesPerSecond = (PROBE_STEPS * config.batchSize) / ((performance.now() - begin) / 1000);
      return { samplesPerSecond, flopsPerSample: networkCost(buildGraph(config.model)).trainingFlops, model: config.model.name, batchSize: config.batchSize };
    } finally {
      await t.destroy();
    }
  }

  async start(): Promise<void> {
    const t = this.need();
    if (this.state === 'training') return;
    if (t.done) await this.reset();
    this.runLoop();
  }

  async pause(): Promise<void> {
    if (this.state !== 'training') return;
    await this.stopLoop();
    this.state = 'paused';
    this.progress(true);
  }

  resume(): Promise<void> {
    if (this.state === 'paused' || this.state === 'idle') this.runLoop();
    return Promise.resolve();
  }

  async reset(): Promise<void> {
    await this.stopLoop();
    const fresh = await this.newTrainer(this.config);
    await this.trainer?.destroy();
    this.trainer = fresh;
    this.backup = null;
    this.state = 'idle';
    this.progress(true);
  }

  setLearningRate(learningRate: number): Promise<void> {
    try {
      this.need().setLearningRate(learningRate);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    this.config = { ...this.config, learningRate };
    return Promise.resolve();
  }

  async predict(image: Float32Array): Promise<Float32Array> {
    return await this.need().predict(image);
  }

  /** Runs between training submits when training; a request during a running one shares it. */
  evaluate(): Promise<Evaluation> {
    this.evaluating ??= (async () => {
      const t = this.need();
      const step = t.stepsDone;
      const evaluation = summarise(await t.evaluate(), this.mnist!.test, step, t.epoch);
      this.lastEvaluation = evaluation;
      this.emit({ type: 'evaluation', evaluation });
      return evaluation;
    })().finally(() => (this.evaluating = null));
    return this.evaluating;
  }

  async getWeights(): Promise<NamedTensors> {
    return await this.need().getWeights();
  }

  async setWeights(weights: NamedTensors): Promise<void> {
    await this.stopLoop();
    this.need().setWeights(weights);
    this.state = 'idle';
    this.progress(true);
  }

  async exportModel(): Promise<ArrayBuffer> {
    const t = this.need();
    const last = this.lastEvaluation;
    const file = encodeModelFile(await t.getWeights(), {
      spec: this.config.model,
      provenance: {
        command: 'exported from the Inkling app',
        epochs: t.stepsDone / t.stepsPerEpoch,
        steps: t.stepsDone,
        batch: this.config.batchSize,
        testAccuracy: last && last.step === t.stepsDone ? last.accuracy : Number.NaN,
        testLoss: last && last.step === t.stepsDone ? last.loss : Number.NaN,
        adapter: this.gpu!.adapterName,
      },
    });
    // Moved to the UI thread, not copied.
    return transfer(file.buffer, [file.buffer]);
  }

  /** Replaces the trainer with one already built (so a refusal leaves the old one untouched). */
  private async swapIn(config: TrainConfig, trainer: Trainer): Promise<void> {
    await this.stopLoop();
    await this.trainer?.destroy();
    this.trainer = trainer;
    this.config = config;
    this.state = 'idle';
    this.progress(true);
  }

  async importModel(file: ArrayBuffer, name: string): Promise<{ label: string; model: ModelSpec }> {
    const decoded = decodeModelFile(file, name);
    const config = { ...this.config, model: decoded.meta.spec };
    // Built (and the weights checked) before the current trainer is touched.
    await this.swapIn(config, await this.newTrainer(config, decoded.weights));
    return { label: modelLabel(decoded.meta), model: decoded.meta.spec };
  }

  private runLoop(): void {
    this.state = 'training';
    this.progress(true);
    this.loop = this.trainLoop().catch((e: unknown) => {
      this.state = 'failed';
      this.emit({ type: 'error', message: `Training stopped: ${e instanceof Error ? e.message : String(e)}`, fatal: false });
      this.progress(true);
    });
  }

  private async trainLoop(): Promise<void> {
    const t = this.need();
    // A recovered device brings a new trainer; this loop then belongs to the old one and ends.
    while (this.state === 'training' && !this.stopping && this.trainer === t && !t.done) {
      const toEpochEnd = t.stepsPerEpoch - (t.stepsDone % t.stepsPerEpoch);
      await t.trainSteps(toEpochEnd);
      const d = t.takeDivergence();
      if (d) {
        this.state = 'paused';
        this.emit({
          type: 'notice',
          message: `Training paused: the loss became ${d.loss} at step ${d.step}. The weights from step ${d.restoredStep} were restored; try a lower learning rate.`,
        });
        break;
      }
      if (this.state !== 'training' || this.stopping || this.trainer !== t) break;
      if (t.stepsDone % t.stepsPerEpoch === 0) await this.evaluate();
    }
    // A stop's caller sets the next state once the in-flight steps have landed.
    if (this.trainer !== t || this.stopping) return;
    if (t.done && this.state === 'training') this.state = 'done';
    this.progress(true);
  }

  /** Ends the loop after its submitted steps land; until then the state stays 'training'. */
  private async stopLoop(): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.trainer?.stop();
    try {
      await this.loop;
    } finally {
      this.loop = null;
      this.stopping = false;
    }
  }

  private onMetrics(firstStep: number, loss: Float32Array, accuracy: Float32Array): void {
    this.emit({ type: 'metrics', firstStep, loss, accuracy });
    this.progress(false);
    const now = performance.now();
    if (this.trainer && now - this.lastBackup > BACKUP_SECONDS * 1000) {
      this.lastBackup = now;
      const step = this.trainer.stepsDone;
      void this.trainer.getWeights().then(
        (weights) => (this.backup = { weights, step }),
        () => undefined,
      );
    }
  }

  private progress(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastProgress < PROGRESS_SECONDS * 1000) return;
    this.lastProgress = now;
    const t = this.trainer;
    const progress: Progress = {
      state: this.state,
      epoch: t?.epoch ?? 1,
      epochs: this.config.epochs,
      step: t?.stepsDone ?? 0,
      totalSteps: t?.totalSteps ?? 0,
      stepsPerEpoch: t?.stepsPerEpoch ?? 0,
      samplesPerSecond: this.state === 'training' ? (t?.samplesPerSecond ?? 0) : 0,
      etaSeconds: t && t.samplesPerSecond > 0 ? ((t.totalSteps - t.stepsDone) * this.config.batchSize) / t.samplesPerSecond : 0,
      learningRate: t?.learningRateAt() ?? this.config.learningRate,
    };
    this.emit({ type: 'progress', progress });
  }

  /** The device is gone: get a new one, re-upload the data, restore the last weights, go on. */
  private async recover(message: string): Promise<void> {
    const wasTraining = this.state === 'training';
    this.emit({ type: 'notice', message: `The GPU device was lost (${message}); recreating it and restoring the last weights.` });
    this.trainer?.stop();
    this.trainer = null;
    this.loop = null;
    try {
      await this.openDevice();
      this.data = GpuDataset.upload(this.gpu!.device, this.mnist!);
      this.trainer = await this.newTrainer(this.config, this.backup?.weights);
      if (this.backup) this.trainer.resumeAt(this.backup.step);
      this.state = 'idle';
      this.emit({ type: 'notice', message: `Recovered on ${this.gpu!.adapterName}${this.backup ? `, from the weights of step ${this.backup.step}` : ''}.` });
      if (wasTraining) this.runLoop();
      else this.progress(true);
    } catch (e) {
      this.state = 'failed';
      this.emit({ type: 'error', message: `The GPU could not be recovered: ${String(e)}`, fatal: true });
    }
  }
}
