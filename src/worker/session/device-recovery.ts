// A lost device and its recovery: from the loss until a new engine is up, the backup (the last
// checkpoint of the model in use, on the CPU) stands for the device's buffers, which cannot be read.
import type { Checkpoint, TrainingModel } from '../../model/engine.ts';
import type { TrainConfig } from '../../model/config.ts';
import { buildGraph, type NamedTensors } from '../../model/graph.ts';
import { zeroMoments } from '../../model/optimizers/index.ts';
import { messageOf } from './messages.ts';
import type { Recovery, SessionParts } from './parts.ts';

/**
 * Seconds to wait before each new try at a device after the first failed: a browser that just
 * restarted its GPU process may grant no adapter for some seconds, then grant one again.
 */
export const REOPEN_BACKOFF_SECONDS = [1, 2, 4, 8];

export class DeviceRecovery implements Recovery {
  /** The last checkpoint of the model in use: what a lost device restores (null: its seed rebuilds it). */
  backup: Checkpoint | null = null;
  /** From a device loss to its recovery. */
  lost = false;

  /** Those waiting to hear of a loss (see lostWithin). */
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly parts: SessionParts,
    /** Opens a new engine on a new device, with the data on it. */
    private readonly reopen: () => Promise<void>,
    /** Seconds between the tries (tests shorten them). */
    private readonly backoff: readonly number[] = REOPEN_BACKOFF_SECONDS,
  ) {}

  /**
   * Weights put in from outside (a file, a fine-tune) as the backup of a model of `config`, at
   * step 0 with no moments; none: the seed rebuilds the model.
   */
  backUpFresh(weights: NamedTensors | undefined, config: TrainConfig = this.parts.slot.config): void {
    const { model } = this.parts.slot;
    const paramFloats = model?.config === config ? model.graph.paramFloats : buildGraph(config.model).paramFloats;
    this.backup = weights ? { step: 0, optimizer: config.optimizer, weights, moments: zeroMoments(config.optimizer, paramFloats) } : null;
  }

  /** The model's state read back to the CPU; on a lost device, the last backup. */
  async keep(model: TrainingModel): Promise<Checkpoint | null> {
    try {
      return await model.checkpoint();
    } catch (e) {
      if (this.lost) return this.backup;
      throw e;
    }
  }

  /**
   * The device is gone: say so and stop at once, then recover once a change of model in flight
   * has settled. Built on the lost device or refused by it, that change then leaves the model in
   * use (its config and its backup) for the recovery to rebuild, instead of racing it.
   */
  deviceLost(message: string): Promise<void> {
    const { slot, loop } = this.parts;
    this.lost = true;
    for (const heard of this.waiting) heard();
    const training = loop.training ? slot.model : null;
    this.parts.emit({ type: 'notice', message: `The GPU device was lost (${message}); recreating it and restoring the last weights.` });
    slot.model?.stop();
    // Training goes on after the recovery unless another model came in meanwhile.
    return slot.transact(() => this.recover(training !== null && slot.model === training));
  }

  /** True once the device is lost, false when no loss is reported within `ms`. */
  lostWithin(ms: number): Promise<boolean> {
    if (this.lost) return Promise.resolve(true);
    return new Promise((resolve) => {
      const heard = () => {
        clearTimeout(timer);
        this.waiting.delete(heard);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiting.delete(heard);
        resolve(false);
      }, ms);
      this.waiting.add(heard);
    });
  }

  /**
   * Gets a new device, re-uploads the data, restores the last weights, goes on. A GPU that does
   * not come back after every try is lost for good: the run goes on on the CPU engine where the
   * page has one, from the same backup, instead of stopping.
   */
  private async recover(wasTraining: boolean): Promise<void> {
    const { slot, loop, switcher } = this.parts;
    slot.model = null;
    loop.forget();
    try {
      let forGood: unknown = null;
      try {
        await this.reopenWithBackoff();
      } catch (e) {
        forGood = e;
        await switcher.afterLoss(e);
      }
      const t = await slot.build(slot.config);
      if (this.backup) t.restore(this.backup);
      slot.install(t);
      // Tests of the steps after the backup measured weights that are gone.
      this.parts.keeper.rollBack(this.backup?.step ?? 0);
      loop.settle('idle');
      this.lost = false;
      const from = this.backup ? `, from the weights of step ${this.backup.step}` : '';
      const adapter = slot.needEngine().adapterName;
      if (forGood === null) this.parts.emit({ type: 'notice', message: `Recovered on ${adapter}${from}.` });
      else {
        switcher.announce();
        this.parts.emit({
          type: 'notice',
          message: `The GPU could not be recovered (${messageOf(forGood)}); the run continues on the CPU (${adapter})${from}.`,
        });
      }
      if (wasTraining) loop.run();
      else loop.progress(true);
    } catch (e) {
      loop.fail();
      this.parts.emit({ type: 'error', message: `The GPU could not be recovered: ${String(e)}`, fatal: true });
    }
  }

  /** Tries for a new device, again after each wait of the backoff; throws the last refusal. */
  private async reopenWithBackoff(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.reopen();
      } catch (e) {
        const wait = this.backoff[attempt];
        if (wait === undefined) throw e;
        const tries = this.backoff.length + 1;
        this.parts.emit({ type: 'notice', message: `No new GPU device yet (${messageOf(e)}); trying again in ${wait} s (try ${attempt + 2} of ${tries}).` });
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      }
    }
  }
}
