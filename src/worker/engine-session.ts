// The engine behind the worker boundary: the EngineApi the page calls, wired onto the session's
// parts in src/worker/session/ (the model slot and its swap, the training loop, device recovery,
// the run saver, the reading requests) and the fine-tune. It holds an EngineBackend and never a
// backend's classes: the worker's entry chooses the backend.
import { transfer } from 'comlink';
import type { Mnist } from '../data/mnist.ts';
import type { TrainConfig } from '../model/config.ts';
import type { EngineBackend, OpenReader, StepMetrics } from '../model/engine.ts';
import type { InsideRequest } from '../model/grad-cam.ts';
import type { NamedTensors } from '../model/graph.ts';
import { Explainer } from './explain/explainer.ts';
import { FineTuner } from './fine-tune-run.ts';
import { QuickCheck } from './quick-check.ts';
import { PersonalSet } from './personal-set.ts';
import { probeSpeed } from './speed-probe.ts';
import { SavedModels } from './saved-models.ts';
import { RunKeeper } from './persist/run-keeper.ts';
import { SaveScheduler } from './persist/save-scheduler.ts';
import type { PersistStore } from './persist/store.ts';
import { SOLE_OWNER, type RunOwner } from './persist/run-owner.ts';
import { RunOwnership } from './run-ownership.ts';
import { DeviceRecovery } from './session/device-recovery.ts';
import { EngineSwitch, keptEngine } from './session/engine-switch.ts';
import { FirstReader } from './session/first-reader.ts';
import { PageLink } from './session/page-link.ts';
import { messageOf, stillLoading } from './session/messages.ts';
import { ModelFiles } from './session/model-files.ts';
import { ModelSlot } from './session/model-slot.ts';
import { DEFAULT_CONFIG, openEngine, usePretrained, type Pretrained } from './session/opening.ts';
import type { SessionParts } from './session/parts.ts';
import { Reader } from './session/reading.ts';
import { RunSaver } from './session/run-saver.ts';
import { TrainingLoop } from './session/training-loop.ts';
import type {
  ConfusionCell,
  EmbeddingMap,
  EmbeddingMethod,
  EmbeddingPlace,
  EngineApi,
  EngineEvent,
  EngineKind,
  Evaluation,
  FineTuneReport,
  InsideView,
  LoadedModel,
  MemoryReport,
  PersonalDigit,
  SavedModel,
  SavedSettings,
  SpeedProbe,
  TopDigits,
} from './protocol.ts';

export { DEFAULT_CONFIG };

export interface SessionHost {
  /** The engine's backend (the worker's entry chooses it: src/gpu's GpuBackend in the app). */
  backend: EngineBackend;
  loadData(onProgress: (loaded: number, total: number) => void): Promise<Mnist>;
  /** The pretrained model, or null when none ships. */
  loadPretrained(): Promise<Pretrained | null>;
  /**
   * Opens a reader of given weights with no data (the CPU one in the app): drawings are read with
   * it while the engine opens, loads the data and builds the training plan. Without one, the
   * first drawings wait for the engine.
   */
  openReader?: OpenReader;
  /** Where the run, the settings and the saved models are kept; without one nothing outlives the session. */
  store?: PersistStore;
  /** Who owns the run among the tabs that share the store; without one this session always does. */
  owner?: RunOwner;
  /** Seconds between a lost GPU's tries for a new device (device-recovery.ts; tests shorten them). */
  reopenBackoffSeconds?: readonly number[];
}

/**
 * While training, the run (weights, optimizer state, position, history) is copied to the CPU this
 * often: it is what a lost device restores, and what is saved for a reload.
 */
const SAVE_SECONDS = 10;

export class EngineSession implements EngineApi {
  private readonly page = new PageLink();
  private readonly emit = (e: EngineEvent) => this.page.emit(e);
  private mnist: Mnist | null = null;
  private readonly parts: SessionParts;
  private readonly personal: PersonalSet;
  private readonly models: SavedModels;
  private readonly reader: Reader;
  private readonly first: FirstReader;
  /** The shipped model's load, once: the first reader and the model in use share it. */
  private pretrained: Promise<Pretrained | null> | null = null;
  private readonly fineTuner: FineTuner;
  private readonly files: ModelFiles;
  private readonly ownership: RunOwnership;
  private readonly quickCheck: QuickCheck;
  private readonly explainer: Explainer;
  private readonly engines: EngineSwitch;

  constructor(private readonly host: SessionHost) {
    const emit = (e: EngineEvent) => {
      // A fine-tune puts new weights on the same model and step: the explain views read them again.
      if (e.type === 'finetune' && e.progress.phase === 'done') this.explainer.weightsChanged();
      this.emit(e);
    };
    const owner = host.owner ?? SOLE_OWNER;
    const keeper = new RunKeeper(host.store ?? null, emit, () => owner.owned);
    const parts: SessionParts = {
      emit,
      keeper,
      saves: new SaveScheduler(() => parts.saver.checkpoint(), SAVE_SECONDS * 1000),
      slot: null!,
      loop: null!,
      recovery: null!,
      saver: null!,
      switcher: null!,
    };
    const onMetrics = (m: StepMetrics) => this.onMetrics(m);
    this.engines = new EngineSwitch(parts, host.backend, () => Promise.resolve(this.data()));
    Object.assign(parts, {
      slot: new ModelSlot(parts, DEFAULT_CONFIG, { onMetrics }),
      loop: new TrainingLoop(parts, () => this.evaluate()),
      recovery: new DeviceRecovery(parts, () => openEngine(parts, host.backend, () => Promise.resolve(this.data()), true), host.reopenBackoffSeconds),
      saver: new RunSaver(parts),
      switcher: this.engines,
    });
    this.parts = parts;
    this.ownership = new RunOwnership(parts, owner);
    this.personal = new PersonalSet(keeper);
    this.models = new SavedModels(keeper);
    this.files = new ModelFiles(parts, this.models);
    this.first = new FirstReader(parts, host.openReader);
    this.reader = new Reader(
      parts,
      () => this.data().test,
      (work) => this.first.read(work),
    );
    this.quickCheck = new QuickCheck(parts, () => this.data().test);
    this.explainer = new Explainer(parts, () => this.data().test);
    this.fineTuner = new FineTuner(
      parts,
      this.personal,
      () => this.data().train,
      () => this.evaluate(),
    );
  }

  private async loadData(): Promise<Mnist> {
    this.emit({ type: 'loading', what: 'MNIST', loaded: 0, total: 1 });
    this.mnist = await this.host
      .loadData((loaded, total) => this.emit({ type: 'loading', what: 'MNIST', loaded, total }))
      .catch((e: unknown) => {
        // The loader's message names the file and what came instead of it.
        throw new Error(`The MNIST data could not be loaded: ${messageOf(e)}`, { cause: e });
      });
    return this.mnist;
  }

  private data(): Mnist {
    if (!this.mnist) throw stillLoading();
    return this.mnist;
  }

  /** Starts the session before any page has connected (the worker's entry does, as the worker starts: session/page-link.ts). */
  startAhead(options: { takeOver?: boolean } = {}): void {
    this.page.startAhead(options.takeOver === true, () => this.begin(options));
  }

  async connect(onEvent: (event: EngineEvent) => void, options: { takeOver?: boolean } = {}): Promise<{ restoredStep: number | null }> {
    return await this.page.connect(onEvent, options.takeOver === true, () => this.begin(options));
  }

  private async begin(options: { takeOver?: boolean }): Promise<{ restoredStep: number | null }> {
    const { slot, loop, saver, keeper } = this.parts;
    const settings = keeper.loadSettings();
    const pretrained = () => (this.pretrained ??= this.host.loadPretrained());
    // A run taken over is read once its owner has saved it; any other, while the claim is settled.
    const claimed = this.ownership.claim(options.takeOver === true);
    const saved = await (options.takeOver === true ? claimed.then(() => keeper.load()) : keeper.load());
    // Reading first (session/first-reader.ts): drawings are read from here on, on the weights the
    // session opens with, and the engine's start waits while they are.
    await this.first.open(saved, pretrained);
    await this.first.settled(this.page.connected);
    // The engine the user chose last time; then the device: a page without one says so before any data is loaded.
    this.engines.keep(keptEngine(await settings));
    await openEngine(this.parts, this.host.backend, () => this.loadData());
    const mnist = this.data();
    await claimed;
    const restored = saved && (await saver.restoreSaved(saved));
    if (!restored) {
      await usePretrained(this.parts, pretrained);
      // The shipped file's figure: recorded when it was made, not measured by this page.
      this.parts.keeper.recordedAccuracy = slot.shippedTest?.accuracy ?? null;
    }
    this.engines.announce();
    const t = slot.need();
    loop.settle(restored && t.done ? 'done' : restored && t.stepsDone > 0 ? 'paused' : 'idle');
    this.emit({
      type: 'ready',
      adapter: slot.needEngine().adapterName,
      trainSize: mnist.train.count,
      testSize: mnist.test.count,
      model: slot.config.model,
      pretrained: slot.label,
      recordedAccuracy: this.parts.keeper.recordedAccuracy,
    });
    if (restored) this.emit({ type: 'restored', run: restored });
    this.first.close();
    loop.progress(true);
    return { restoredStep: restored?.step ?? null };
  }

  async configure(config: TrainConfig): Promise<void> {
    this.ownership.need();
    await this.parts.slot.replace(config, undefined, null);
  }

  planMemory(config: TrainConfig): Promise<MemoryReport> {
    return Promise.resolve(this.parts.slot.needEngine().memory(config));
  }

  /** Times a few training steps of the default network (see speed-probe.ts). */
  async probeSpeed(): Promise<SpeedProbe> {
    return await probeSpeed(this.parts.slot.needEngine(), DEFAULT_CONFIG);
  }

  async start(): Promise<void> {
    const t = this.parts.slot.need();
    this.ownership.need();
    this.fineTuner.refuseWhileBusy('start');
    if (this.parts.loop.training) return;
    if (t.done) await this.reset();
    this.parts.loop.run();
  }

  async pause(): Promise<void> {
    await this.parts.loop.pause();
  }

  async resume(): Promise<void> {
    this.ownership.need();
    this.fineTuner.refuseWhileBusy('resume');
    const { loop } = this.parts;
    if (loop.state === 'paused' || loop.state === 'idle') loop.run();
    return Promise.resolve();
  }

  async reset(): Promise<void> {
    this.ownership.need();
    await this.parts.slot.replace(this.parts.slot.config, undefined, null);
  }

  async setLearningRate(learningRate: number): Promise<void> {
    const { slot } = this.parts;
    slot.need().setLearningRate(learningRate);
    slot.config = { ...slot.config, learningRate };
    return Promise.resolve();
  }

  predict(image: Float32Array): Promise<Float32Array> {
    return this.reader.predict(image);
  }

  inspect(image: Float32Array, request?: InsideRequest): Promise<InsideView> {
    return this.reader.inspect(image, request);
  }

  evaluate(): Promise<Evaluation> {
    return this.reader.evaluate();
  }

  confusionCell(truth: number, predicted: number, limit: number): Promise<ConfusionCell> {
    return this.explainer.confusionCell(truth, predicted, limit);
  }

  topDigits(layer: number, channel: number, k: number): Promise<TopDigits> {
    return this.explainer.topDigits(layer, channel, k);
  }

  async embedding(count: number, method: EmbeddingMethod): Promise<EmbeddingMap> {
    const kept = await this.explainer.embedding(count, method);
    // Copies moved to the page, not cloned on its thread (the worker keeps its own for the drawn digit's place).
    const map = { ...kept, places: kept.places.slice(), labels: kept.labels.slice(), predicted: kept.predicted.slice(), pixels: kept.pixels.slice() };
    return transfer(map, [map.places.buffer, map.labels.buffer, map.predicted.buffer, map.pixels.buffer]);
  }

  embeddingPlace(image: Float32Array): Promise<EmbeddingPlace | null> {
    return this.explainer.embeddingPlace(image);
  }

  closeEmbedding(): Promise<void> {
    this.explainer.closeEmbedding();
    return Promise.resolve();
  }

  getWeights(): Promise<NamedTensors> {
    return this.parts.slot.read((t) => t.getWeights());
  }

  async setWeights(weights: NamedTensors): Promise<void> {
    this.ownership.need();
    const { slot, loop, saver } = this.parts;
    await slot.transact(async () => {
      await loop.stop();
      slot.need().setWeights(weights);
      this.explainer.weightsChanged();
      saver.startOver(null, weights);
    });
  }

  exportModel(): Promise<ArrayBuffer> {
    return this.files.exportFile();
  }

  async importModel(file: ArrayBuffer, name: string): Promise<LoadedModel> {
    this.ownership.need();
    const loaded = await this.files.importFile(file, name);
    void this.quickCheck.run();
    return loaded;
  }

  loadSettings(): Promise<SavedSettings | null> {
    return this.parts.keeper.loadSettings();
  }

  saveSettings(settings: SavedSettings): Promise<void> {
    return this.parts.keeper.saveSettings(settings);
  }

  listModels(): Promise<SavedModel[]> {
    return this.models.list();
  }

  saveModel(name: string): Promise<SavedModel[]> {
    return this.files.save(name);
  }

  async openModel(id: number): Promise<LoadedModel> {
    this.ownership.need();
    // Its figure was measured by this app on these very weights when it was saved: shown as
    // recorded then, with no check that would hold up the first predictions of a large model.
    return await this.files.open(id);
  }

  renameModel(id: number, name: string): Promise<SavedModel[]> {
    return this.models.rename(id, name);
  }

  deleteModel(id: number): Promise<SavedModel[]> {
    return this.models.remove(id);
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

  /** Moves the run onto the other engine (see session/engine-switch.ts). */
  async switchEngine(kind: EngineKind): Promise<void> {
    this.ownership.need();
    this.fineTuner.refuseWhileBusy('move to another engine');
    await this.engines.to(kind);
  }

  ping(): Promise<true> {
    return Promise.resolve(true);
  }

  /** Fine-tunes the model in use on the personal set (see fine-tune-run.ts). */
  async fineTune(): Promise<FineTuneReport> {
    this.ownership.need();
    return await this.fineTuner.run();
  }

  private onMetrics({ firstStep, loss, accuracy }: StepMetrics): void {
    const { keeper, loop, saves } = this.parts;
    keeper.metrics.append(firstStep, loss, accuracy);
    this.emit({ type: 'metrics', firstStep, loss, accuracy });
    loop.progress(false);
    if (loop.training) saves.tick();
  }
}
