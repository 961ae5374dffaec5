// The model in use and its change: the engine it lives on, its config and label, and the swap
// transaction that replaces it without the device ever holding two. Reads of a model (a
// prediction, the inside view, a test, a checkpoint) hold it: a swap frees it only once they have
// landed, so none of them ever meets a destroyed buffer.
import type { TrainConfig } from '../../model/config.ts';
import type { Checkpoint, Engine, EngineHooks, TrainingModel } from '../../model/engine.ts';
import type { NamedTensors } from '../../model/graph.ts';
import type { Provenance } from '../../model/weights-file.ts';
import { messageOf, stillLoading } from './messages.ts';
import type { SessionParts, Slot } from './parts.ts';

/**
 * How long a failed build waits for a device loss to be reported before it is taken as the
 * device's refusal: after the new model's build, then after the old model's rebuild (a device that
 * refuses a model it held a moment ago is most likely lost, so that wait is longer).
 */
const LOSS_REPORT_MS = { afterRefusal: 250, afterRebuild: 5000 };

export class ModelSlot implements Slot {
  /** The device's engine; null until it opens and from a device loss to its recovery. */
  engine: Engine | null = null;
  model: TrainingModel | null = null;
  config: TrainConfig;
  /** The label of shipped, imported or opened weights while they are the ones in use, untrained. */
  label: string | null = null;
  /** The shipped weights' recorded test accuracy while they are the ones in use (no step, no change since). */
  shippedTest: { model: TrainingModel; accuracy: number } | null = null;
  /** How the weights in use were made, where they came from outside (see Slot). */
  origin: Provenance | null = null;
  /** A change of model in progress (see replace); resolved when none is. */
  private swapping: Promise<void> = Promise.resolve();
  /** The reads in flight on each model (see hold). */
  private readonly holds = new Map<TrainingModel, Set<Promise<unknown>>>();

  constructor(
    private readonly parts: SessionParts,
    config: TrainConfig,
    private readonly hooks: EngineHooks,
  ) {
    this.config = config;
  }

  need(): TrainingModel {
    if (!this.model) throw stillLoading();
    return this.model;
  }

  needEngine(): Engine {
    if (!this.engine) throw stillLoading();
    return this.engine;
  }

  /**
   * Runs `work` on the model in use once the changes in flight have landed (a device lost during
   * a change queues its recovery behind it: that is waited for too), holding the model meanwhile.
   */
  async read<T>(work: (model: TrainingModel) => Promise<T>): Promise<T> {
    for (;;) {
      const settled = this.swapping;
      await settled;
      if (this.model || settled === this.swapping) break;
    }
    const t = this.need();
    return this.hold(t, () => work(t));
  }

  /** Runs `work`, which reads `model`; a swap does not free the model until it has settled. */
  async hold<T>(model: TrainingModel, work: () => Promise<T>): Promise<T> {
    const reading = work();
    let reads = this.holds.get(model);
    if (!reads) this.holds.set(model, (reads = new Set()));
    reads.add(reading);
    try {
      return await reading;
    } finally {
      reads.delete(reading);
      if (reads.size === 0) this.holds.delete(model);
    }
  }

  /** Once every read held on `model` has settled. */
  private async released(model: TrainingModel): Promise<void> {
    await Promise.allSettled([...(this.holds.get(model) ?? [])]);
  }

  /** A model of `config` on the engine, reporting its metrics to the session. */
  build(config: TrainConfig, weights?: NamedTensors): Promise<TrainingModel> {
    return this.needEngine().create(config, this.hooks, weights);
  }

  install(model: TrainingModel): void {
    this.model = model;
    this.config = model.config;
  }

  /**
   * Moves the model in use onto another engine (a switch of engine, a GPU lost for good): built
   * there from `checkpoint` first, so a refusal leaves the model in use as it was; then the old one
   * is freed once its reads have landed. Run inside a transaction, with training stopped.
   */
  async rehome(engine: Engine, checkpoint: Checkpoint | null): Promise<void> {
    const made = await engine.create(this.config, this.hooks);
    try {
      if (checkpoint) made.restore(checkpoint);
    } catch (e) {
      await made.destroy();
      throw e;
    }
    const old = this.model;
    this.engine = engine;
    this.install(made);
    // The same weights: a file's recorded figure still stands for them.
    if (old && this.shippedTest?.model === old) this.shippedTest = { ...this.shippedTest, model: made };
    if (old) {
      await this.released(old);
      await old.destroy();
    }
  }

  /** Runs `work` once the change in flight has settled; predictions wait for it, and a refused one does not hold up the next. */
  async transact(work: () => Promise<void>): Promise<void> {
    const done = this.swapping.then(work);
    this.swapping = done.catch(() => undefined);
    await done;
  }

  /**
   * Makes a new model the one in use. What can be checked without allocating (settings, weights,
   * the memory plan) is checked first, while the old model runs on untouched. Then the old model
   * is kept on the CPU as a checkpoint and freed (once its reads have landed) before the new one is
   * built, so the device never holds both; should the device refuse the new one, the old comes
   * back from that checkpoint, paused. Should the device be lost meanwhile, the change is handed to
   * the recovery, which builds the new model on the new device: the change still happens.
   */
  async replace(config: TrainConfig, weights: NamedTensors | undefined, label: string | null): Promise<void> {
    const checked = this.needEngine().check(config, weights);
    const { loop, recovery, saver } = this.parts;
    let handedOver = false;
    await this.transact(async () => {
      await loop.stop();
      const old = this.model;
      const kept = old && { config: this.config, checkpoint: await recovery.keep(old) };
      this.model = null;
      if (old) await this.released(old);
      await old?.destroy();
      let made: TrainingModel | null = null;
      let refusal: unknown = null;
      try {
        made = await this.build(config, weights);
      } catch (e) {
        refusal = e;
      }
      // A build can fail because the device was lost before the loss is reported: wait for the report a moment.
      if (!made && !(await recovery.lostWithin(LOSS_REPORT_MS.afterRefusal)) && kept) await this.rebuild(kept.config, kept.checkpoint);
      if (recovery.lost) {
        // Built on the lost device or refused by it: the recovery queued behind this builds it anew.
        this.model = null;
        this.config = checked;
        recovery.backUpFresh(weights, checked);
        handedOver = true;
        return;
      }
      if (!made) throw refusal;
      this.install(made);
      saver.startOver(label, weights);
    });
    if (!handedOver) return;
    await this.transact(() => {
      if (!this.model) throw new Error('the GPU was lost during the change and the new model could not be built on a new one');
      saver.startOver(label, weights);
      return Promise.resolve();
    });
  }

  /** Brings a freed model back from its checkpoint after its replacement was refused. */
  private async rebuild(config: TrainConfig, checkpoint: Checkpoint | null): Promise<void> {
    const { loop, recovery } = this.parts;
    try {
      const t = await this.build(config);
      if (checkpoint) t.restore(checkpoint);
      this.install(t);
      recovery.backup = checkpoint;
      loop.pauseIfTraining();
    } catch (e) {
      // A device that refuses the model it held a moment ago is most likely lost: its recovery brings a model back, not this.
      if (await recovery.lostWithin(LOSS_REPORT_MS.afterRebuild)) return;
      loop.fail();
      this.parts.emit({ type: 'error', message: `The model in use could not be rebuilt after the new one was refused: ${messageOf(e)}`, fatal: true });
    }
    loop.progress(true);
  }
}
