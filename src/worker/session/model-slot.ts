// The model in use and its change: the engine it lives on, its config and label, and the swap
// transaction that replaces it without the device ever holding two.
import type { TrainConfig } from '../../model/config.ts';
import type { Checkpoint, Engine, EngineHooks, TrainingModel } from '../../model/engine.ts';
import type { NamedTensors } from '../../model/graph.ts';
import type { Provenance } from '../../model/weights-file.ts';
import { messageOf, stillLoading } from './messages.ts';
import type { SessionParts, Slot } from './parts.ts';

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

  /** The model in use, once a change of model in progress has landed. */
  async current(): Promise<TrainingModel> {
    await this.swapping;
    return this.need();
  }

  /** A model of `config` on the engine, reporting its metrics to the session. */
  build(config: TrainConfig, weights?: NamedTensors): Promise<TrainingModel> {
    return this.needEngine().create(config, this.hooks, weights);
  }

  install(model: TrainingModel): void {
    this.model = model;
    this.config = model.config;
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
   * is kept on the CPU as a checkpoint and freed before the new one is built, so the device never
   * holds both; should the device refuse the new one, the old comes back from that checkpoint, paused.
   */
  async replace(config: TrainConfig, weights: NamedTensors | undefined, label: string | null): Promise<void> {
    this.needEngine().check(config, weights);
    const { loop, recovery, saver } = this.parts;
    await this.transact(async () => {
      await loop.stop();
      const old = this.model;
      const kept = old && { config: this.config, checkpoint: await recovery.keep(old) };
      this.model = null;
      await old?.destroy();
      let made: TrainingModel;
      try {
        made = await this.build(config, weights);
      } catch (e) {
        if (kept) await this.rebuild(kept.config, kept.checkpoint);
        throw e;
      }
      this.install(made);
      saver.startOver(label, weights);
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
      loop.fail();
      this.parts.emit({ type: 'error', message: `The model in use could not be rebuilt after the new one was refused: ${messageOf(e)}`, fatal: true });
    }
    loop.progress(true);
  }
}
