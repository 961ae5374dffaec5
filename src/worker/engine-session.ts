// The engine behind the worker boundary: owns the device, the GPU dataset and one Trainer, runs
// the training loop, answers predictions between submits, and recovers from a lost device.
import { transfer } from 'comlink';
import type { Mnist } from '../data/mnist.ts';
import { buildInErrorScopes, NoWebGpuError, requestGpu } from '../gpu/device.ts';
import { GpuDataset } from '../gpu/dataset.ts';
import { createContext, type GpuHost } from '../gpu/context.ts';
import { Trainer, type TrainerCheckpoint } from '../gpu/trainer.ts';
import { DEFAULT_TRAINING, validateConfig, type TrainConfig } from '../model/config.ts';
import type { NamedTensors } from '../model/graph.ts';
import { zeroMoments } from '../model/optimizers/index.ts';
import { DEFAULT_PRESET, preset } from '../model/presets.ts';
import { decodeModelFile, encodeModelFile, modelLabel, type Provenance } from '../model/weights-file.ts';
import { summarise } from './evaluation.ts';
import { insideView } from './inside-view.ts';
import { runFineTune } from './fine-tune-run.ts';
import { PersonalSet } from './personal-set.ts';
import { progressReport } from './progress-report.ts';
import { probeSpeed } from './speed-probe.ts';
import { SavedModels } from './saved-models.ts';
import { RunKeeper } from './persist/run-keeper.ts';
import { SaveScheduler } from './persist/save-scheduler.ts';
import type { PersistStore } from './persist/store.ts';
import type {
  EngineApi,
  EngineEvent,
  Evaluation,
  FineTuneReport,
  InsideView,
  MemoryReport,
  ModelSpec,
  PersonalDigit,
  RestoredRun,
  SavedModel,
  SavedSettings,
  SpeedProbe,
  TrainState,
} from './protocol.ts';

export interface SessionHost {
  gpu: GPU | undefined;
  loadData(onProgress: (loaded: number, total: number) => void): Promise<Mnist>;
  /**
   * The pretrained model, or null when none ships; with its MNIST test accuracy when its file
   * records one (measured on these weights when they were made).
   */
  loadPretrained(): Promise<{ config: TrainConfig; weights: NamedTensors; label: string; testAccuracy?: number } | null>;
  /** Where the run, the settings and the saved models are kept; without one nothing outlives the session. */
  store?: PersistStore;
}

export const DEFAULT_CONFIG: TrainConfig = { ...DEFAULT_TRAINING, model: preset(DEFAULT_PRESET) };
/**
 * While training, the run (weights, optimizer state, position, history) is copied to the CPU this
 * often: it is what a lost device restores, and what is saved for a reload.
 */
const SAVE_SECONDS = 10;
const PROGRESS_SECONDS = 0.25;

export class EngineSession implements EngineApi {
  private emit: (e: EngineEvent) => void = () => undefined;
  private gpu: GpuHost | null = null;
  private mnist: Mnist | null = null;
  private data: GpuDataset | null = null;
  private trainer: Trainer | null = null;
  private config: TrainConfig = DEFAULT_CONFIG;
  private state: TrainState = 'loading';
  private loop: Promise<void> | null = null;
  /** The last checkpoint of the model in use: what a lost device restores. */
  private backup: TrainerCheckpoint | null = null;
  /** A change of model in progress (see replaceModel); resolved when none is. */
  private swapping: Promise<void> = Promise.resolve();
  private lastProgress = 0;
  private evaluating: Promise<Evaluation> | null = null;
  private stopping = false;
  /** The label of shipped, imported or opened weights while they are the ones in use, untrained. */
  private label: string | null = null;
  /** The shipped weights' recorded test accuracy while they are the ones in use (no step, no change since). */
  private shippedTest: { trainer: Trainer; accuracy: number } | null = null;
  private readonly keeper: RunKeeper;
  private readonly saves = new SaveScheduler(() => this.checkpoint(), SAVE_SECONDS * 1000);
  private readonly personal: PersonalSet;
  private readonly models: SavedModels;
  /** A fine-tune holds the model in use until it has put its weights in: training waits. */
  private fineTuning = false;
  /** From a device loss to its recovery: the GPU's buffers cannot be read, the backup stands for them. */
  private lost = false;

  constructor(private readonly host: SessionHost) {
    this.keeper = new RunKeeper(host.store ?? null, (e) => this.emit(e));
    this.personal = new PersonalSet(this.keeper);
    this.models = new SavedModels(this.keeper);
  }

  async connect(onEvent: (event: EngineEvent) => void): Promise<{ restoredStep: number | null }> {
    this.emit = onEvent;
    try {
      await this.openDevice();
    } catch (e) {
      if (e instanceof NoWebGpuError) this.emit({ type: 'unsupported', reason: e.reason, message: e.message });
      throw e;
    }
    this.emit({ type: 'loading', what: 'MNIST', loaded: 0, total: 1 });
    this.mnist = await this.host
      .loadData((loaded, total) => this.emit({ type: 'loading', what: 'MNIST', loaded, total }))
      .catch((e: unknown) => {
        // The loader's message names the file and what came instead of it.
        throw new Error(`The MNIST data could not be loaded: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      });
    this.data = await this.uploadData();
    const restored = await this.restoreSaved();
    if (!restored) await this.loadPretrained();
    const t = this.trainer!;
    this.state = restored && t.done ? 'done' : restored && t.stepsDone > 0 ? 'paused' : 'idle';
    this.emit({
      type: 'ready',
      adapter: this.gpu!.adapterName,
      trainSize: this.mnist.train.count,
      testSize: this.mnist.test.count,
      model: this.config.model,
      pretrained: this.label,
    });
    if (restored) this.emit({ type: 'restored', run: restored });
    this.progress(true);
    return { restoredStep: restored?.step ?? null };
  }

  /** The run saved by an earlier page, back on the GPU where it stood; null when there is none or it does not build. */
  private async restoreSaved(): Promise<RestoredRun | null> {
    const saved = await this.keeper.load();
    if (!saved) return null;
    try {
      const t = await this.newTrainer(saved.config);
      try {
        t.restore(saved.checkpoint);
      } catch (e) {
        await t.destroy();
        throw e;
      }
      this.trainer = t;
      this.config = t.config;
      this.label = saved.label;
      this.backup = saved.checkpoint;
      this.keeper.restore(saved);
      return saved.restored;
    } catch (e) {
      this.emit({ type: 'notice', message: `The saved run could not be restored (${e instanceof Error ? e.message : String(e)}); starting anew.` });
      return null;
    }
  }

  private async loadPretrained(): Promise<void> {
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
    this.label = pretrained?.label ?? null;
    const accuracy = pretrained?.testAccuracy;
    this.shippedTest = accuracy !== undefined && Number.isFinite(accuracy) ? { trainer: this.trainer, accuracy } : null;
    // A device lost before any save must bring these weights back, not the seed's.
    this.backup = pretrained ? freshCheckpoint(this.config.optimizer, pretrained.weights, this.trainer.graph.paramFloats) : null;
  }

  private async openDevice(): Promise<void> {
    const gpu = await requestGpu(this.host.gpu, {
      // The session never destroys its own device, so every loss is one to recover from.
      onLost: (reason, message) => void this.deviceLost(`${reason}: ${message || 'no message'}`),
      onError: (message) => this.emit({ type: 'error', message: `GPU error: ${message}`, fatal: false }),
    });
    this.gpu = createContext(gpu);
  }

  /** MNIST onto the device, inside error scopes as every plan is: a device without room for it says so. */
  private uploadData(): Promise<GpuDataset> {
    const { device } = this.gpu!;
    const mnist = this.mnist!;
    return buildInErrorScopes(
      device,
      'the MNIST data on the GPU',
      () => Promise.resolve(GpuDataset.upload(device, mnist)),
      (d) => d.destroy(),
    );
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
    await this.replaceModel(checked, undefined, null);
  }

  planMemory(config: TrainConfig): Promise<MemoryReport> {
    if (!this.gpu || !this.data) throw new Error('the engine is still loading');
    return Promise.resolve(Trainer.memory(this.gpu, this.data, validateConfig(config, this.data.train.count)));
  }

  /** Times a few training steps of the default network (see speed-probe.ts). */
  async probeSpeed(): Promise<SpeedProbe> {
    if (!this.gpu || !this.data) throw new Error('the engine is still loading');
    return await probeSpeed(this.gpu, this.data, DEFAULT_CONFIG);
  }

  async start(): Promise<void> {
    const t = this.need();
    this.refuseWhileFineTuning();
    if (this.state === 'training') return;
    if (t.done) await this.reset();
    this.runLoop();
  }

  async pause(): Promise<void> {
    if (this.state !== 'training') return;
    await this.stopLoop();
    this.state = 'paused';
    this.progress(true);
    void this.saves.now();
  }

  resume(): Promise<void> {
    if (this.fineTuning) return Promise.reject(new Error('the model is learning your handwriting; training can resume when it is done'));
    if (this.state === 'paused' || this.state === 'idle') this.runLoop();
    return Promise.resolve();
  }

  async reset(): Promise<void> {
    await this.replaceModel(this.config, undefined, null);
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
    return await (await this.current()).predict(image);
  }

  async inspect(image: Float32Array): Promise<InsideView> {
    const t = await this.current();
    const r = await t.inspect(image);
    return transfer(insideView(t.graph, r), [r.buffer]);
  }

  /** Runs between training submits when training; a request during a running one shares it. */
  evaluate(): Promise<Evaluation> {
    this.evaluating ??= (async () => {
      const t = await this.current();
      const step = t.stepsDone;
      const evaluation = summarise(await t.evaluate(), this.mnist!.test, step, t.epoch);
      // A model swapped in meanwhile was not the one measured.
      if (this.trainer === t) {
        this.keeper.noteEvaluation(evaluation);
        // While training, the next autosave or the epoch's end keeps it.
        if (this.state !== 'training') void this.saves.now();
      }
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
    const t = this.need();
    t.setWeights(weights);
    this.startOver(null, weights);
  }

  /** How the model in use was made, for its file: the run's settings and its test at `step`, if it had one. */
  private provenance(t: Trainer, step: number, command: string): Provenance {
    const last = this.keeper.latestEvaluation;
    const tested = last !== null && last.step === step;
    return {
      command,
      epochs: step / t.stepsPerEpoch,
      steps: step,
      batch: this.config.batchSize,
      testAccuracy: tested ? last.accuracy : Number.NaN,
      testLoss: tested ? last.loss : Number.NaN,
      adapter: this.gpu!.adapterName,
    };
  }

  async exportModel(): Promise<ArrayBuffer> {
    const t = this.need();
    const file = encodeModelFile(await t.getWeights(), {
      spec: this.config.model,
      provenance: this.provenance(t, t.stepsDone, 'exported from the Inkling app'),
    });
    // Moved to the UI thread, not copied.
    return transfer(file.buffer, [file.buffer]);
  }

  /**
   * Makes a new model the one in use. What can be checked without the GPU (settings, weights, the
   * memory plan) is checked first, while the old model runs on untouched. Then the old trainer is
   * kept on the CPU as a checkpoint and freed before the new one is built, so the GPU never holds
   * both; should the GPU refuse the new one, the old comes back from that checkpoint, paused.
   */
  private async replaceModel(config: TrainConfig, weights: NamedTensors | undefined, label: string | null): Promise<void> {
    if (!this.gpu || !this.data) throw new Error('the engine is still loading');
    Trainer.check(this.gpu, this.data, config, weights);
    const swap = this.swapping.then(async () => {
      await this.stopLoop();
      const old = this.trainer;
      const kept = old && { config: this.config, checkpoint: await this.keep(old) };
      this.trainer = null;
      await old?.destroy();
      let made: Trainer;
      try {
        made = await this.newTrainer(config, weights);
      } catch (e) {
        if (kept) await this.rebuild(kept.config, kept.checkpoint);
        throw e;
      }
      this.trainer = made;
      this.config = made.config;
      this.startOver(label, weights);
    });
    // Predictions wait for the swap; a refused one must not hold up the next.
    this.swapping = swap.catch(() => undefined);
    await swap;
  }

  /** The model's state read back to the CPU; on a lost device, the last backup (null: its seed rebuilds it). */
  private async keep(t: Trainer): Promise<TrainerCheckpoint | null> {
    try {
      return await t.checkpoint();
    } catch (e) {
      if (this.lost) return this.backup;
      throw e;
    }
  }

  /** Brings a freed model back from its checkpoint after its replacement was refused. */
  private async rebuild(config: TrainConfig, checkpoint: TrainerCheckpoint | null): Promise<void> {
    try {
      const t = await this.newTrainer(config);
      if (checkpoint) t.restore(checkpoint);
      this.trainer = t;
      this.backup = checkpoint;
      if (this.state === 'training') this.state = 'paused';
    } catch (e) {
      this.state = 'failed';
      this.emit({
        type: 'error',
        message: `The model in use could not be rebuilt after the new one was refused: ${e instanceof Error ? e.message : String(e)}`,
        fatal: true,
      });
    }
    this.progress(true);
  }

  /** The trainer in use, once a change of model in progress has landed. */
  private async current(): Promise<Trainer> {
    await this.swapping;
    return this.need();
  }

  /**
   * A new model or a fresh start: its history begins, and it is saved at once as the current run.
   * Until that save lands, the backup a lost device restores is the model's own weights when they
   * came from outside (a file, a fine-tune); a config alone rebuilds the same weights from its seed.
   */
  private startOver(label: string | null, weights?: NamedTensors): void {
    this.label = label;
    this.shippedTest = null;
    this.backup = weights ? freshCheckpoint(this.config.optimizer, weights, this.need().graph.paramFloats) : null;
    this.keeper.newRun();
    this.state = 'idle';
    this.progress(true);
    void this.saves.now();
  }

  async importModel(file: ArrayBuffer, name: string): Promise<{ label: string; model: ModelSpec }> {
    const decoded = decodeModelFile(file, name);
    const config = { ...this.config, model: decoded.meta.spec };
    const label = modelLabel(decoded.meta);
    // Checked before the current trainer is touched.
    await this.replaceModel(config, decoded.weights, label);
    return { label, model: decoded.meta.spec };
  }

  loadSettings(): Promise<SavedSettings | null> {
    return this.keeper.loadSettings();
  }

  saveSettings(settings: SavedSettings): Promise<void> {
    return this.keeper.saveSettings(settings);
  }

  listModels(): Promise<SavedModel[]> {
    return this.models.list();
  }

  async saveModel(name: string): Promise<SavedModel[]> {
    const t = this.need();
    const step = t.stepsDone;
    const weights = await t.getWeights();
    return this.models.add(name, this.config.model, weights, this.provenance(t, step, 'saved in the Inkling app'));
  }

  /** Makes a saved model the one in use, checked as an imported file is. */
  async openModel(id: number): Promise<{ label: string; model: ModelSpec }> {
    const { file, name } = await this.models.file(id);
    return this.importModel(file, name);
  }

  renameModel(id: number, name: string): Promise<SavedModel[]> {
    return this.models.rename(id, name);
  }

  deleteModel(id: number): Promise<SavedModel[]> {
    return this.models.remove(id);
  }

  /** Reads the run's whole state between submits and keeps it: as the lost-device backup, and in the store. */
  private async checkpoint(): Promise<void> {
    const t = this.trainer;
    if (!t) return;
    const checkpoint = await t.checkpoint();
    // Another model came in while it was read: this state belongs to no run now.
    if (this.trainer !== t) return;
    this.backup = checkpoint;
    await this.keeper.save({
      config: this.config,
      label: this.label,
      epoch: Math.min(this.config.epochs, Math.floor(checkpoint.step / t.stepsPerEpoch) + 1),
      checkpoint,
      provenance: this.provenance(t, checkpoint.step, 'saved by the Inkling app'),
    });
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
        void this.saves.now();
        break;
      }
      if (this.state !== 'training' || this.stopping || this.trainer !== t) break;
      if (t.stepsDone % t.stepsPerEpoch === 0) {
        await this.evaluate();
        // After the test, so the saved run holds it.
        void this.saves.now();
      }
    }
    // A stop's caller sets the next state once the in-flight steps have landed.
    if (this.trainer !== t || this.stopping) return;
    if (t.done && this.state === 'training') {
      this.state = 'done';
      void this.saves.now();
    }
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
    this.keeper.metrics.append(firstStep, loss, accuracy);
    this.emit({ type: 'metrics', firstStep, loss, accuracy });
    this.progress(false);
    if (this.state === 'training') this.saves.tick();
  }

  private progress(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastProgress < PROGRESS_SECONDS * 1000) return;
    this.lastProgress = now;
    this.emit({ type: 'progress', progress: progressReport(this.state, this.trainer, this.config) });
  }

  /**
   * The device is gone: say so and stop at once, then recover once a change of model in flight
   * has settled. Built on the lost device or refused by it, that change then leaves the model in
   * use (its config and its backup) for the recovery to rebuild, instead of racing it.
   */
  private deviceLost(message: string): Promise<void> {
    this.lost = true;
    const training = this.state === 'training' ? this.trainer : null;
    this.emit({ type: 'notice', message: `The GPU device was lost (${message}); recreating it and restoring the last weights.` });
    this.trainer?.stop();
    // Training goes on after the recovery unless another model came in meanwhile.
    const recovery = this.swapping.then(() => this.recover(training !== null && this.trainer === training));
    this.swapping = recovery;
    return recovery;
  }

  /** Gets a new device, re-uploads the data, restores the last weights, goes on. */
  private async recover(wasTraining: boolean): Promise<void> {
    this.trainer = null;
    this.loop = null;
    try {
      await this.openDevice();
      this.data = await this.uploadData();
      this.trainer = await this.newTrainer(this.config);
      if (this.backup) this.trainer.restore(this.backup);
      this.state = 'idle';
      this.lost = false;
      this.emit({ type: 'notice', message: `Recovered on ${this.gpu!.adapterName}${this.backup ? `, from the weights of step ${this.backup.step}` : ''}.` });
      if (wasTraining) this.runLoop();
      else this.progress(true);
    } catch (e) {
      this.state = 'failed';
      this.emit({ type: 'error', message: `The GPU could not be recovered: ${String(e)}`, fatal: true });
    }
  }

  listDigits(): Promise<PersonalDigit[]> {
    return this.personal.list();
  }

  addDigit(image: Float32Array, label: number): Promise<PersonalDigit[]> {
    return this.personal.add(image, label);
  }

  removeDigit(id: number): Promise<PersonalDigit[]> {
    return this.personal.remove(id);
  }

  async exportDigits(): Promise<ArrayBuffer> {
    const file = await this.personal.exportFile();
    return transfer(file, [file]);
  }

  importDigits(file: ArrayBuffer, name: string): Promise<PersonalDigit[]> {
    return this.personal.importFile(file, name);
  }

  ping(): Promise<true> {
    return Promise.resolve(true);
  }

  private refuseWhileFineTuning(): void {
    if (this.fineTuning) throw new Error('the model is learning your handwriting; training can start when it is done');
  }

  /** Fine-tunes the model in use on the personal set (see fine-tune-run.ts); training, if running, is paused first. */
  async fineTune(): Promise<FineTuneReport> {
    const t = this.need();
    this.refuseWhileFineTuning();
    const digits = await this.personal.list();
    if (digits.length === 0) throw new Error('label some digits first: "That\'s a …" under the prediction');
    this.fineTuning = true;
    try {
      await this.pause();
      return await runFineTune(this.gpu!, this.data!, this.mnist!.train, t, digits, {
        testBefore: async () => {
          const last = this.keeper.latestEvaluation;
          if (last && last.step === t.stepsDone) return last.accuracy;
          // The shipped reader, untouched: its file's figure, a 10,000-digit test (minutes on a software GPU) saved.
          if (this.shippedTest?.trainer === t && t.stepsDone === 0) return this.shippedTest.accuracy;
          return (await this.evaluate()).accuracy;
        },
        install: async (weights, label) => {
          // Another model came in meanwhile: the fine-tuned weights are not its.
          if (this.trainer !== t) throw new Error('another model was loaded while fine-tuning; it is kept as it is');
          await this.stopLoop();
          t.setWeights(weights);
          this.startOver(label, weights);
        },
        testAfter: async () => (await this.evaluate()).accuracy,
        progress: (p) => this.emit({ type: 'finetune', progress: p }),
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.emit({ type: 'finetune', progress: { phase: 'failed', step: 0, steps: 0, report: null, message } });
      throw e;
    } finally {
      this.fineTuning = false;
    }
  }
}

/** Weights just put in, at step 0, with the optimizer's moments cleared as Trainer.setWeights clears them. */
function freshCheckpoint(optimizer: TrainerCheckpoint['optimizer'], weights: NamedTensors, paramFloats: number): TrainerCheckpoint {
  return { step: 0, optimizer, weights, moments: zeroMoments(optimizer, paramFloats) };
}
