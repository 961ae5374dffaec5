// The run as it is kept: read between submits into a checkpoint (the lost-device backup and the
// stored run), with the provenance a model file carries, and put back from the store on a reload.
import type { TrainingModel } from '../../model/engine.ts';
import type { NamedTensors } from '../../model/graph.ts';
import { epochAt } from '../../model/run-length.ts';
import { appendStage, historyOf } from '../../model/provenance.ts';
import type { Provenance } from '../../model/weights-file.ts';
import { recipeOfConfig } from '../../export/recipe.ts';
import type { SavedRun } from '../persist/run-record.ts';
import type { RestoredRun } from '../protocol.ts';
import { messageOf } from './messages.ts';
import type { Saver, SessionParts } from './parts.ts';

export class RunSaver implements Saver {
  constructor(private readonly parts: SessionParts) {}

  /**
   * How the model in use was made, for its file: the provenance it came with (src/model/provenance.ts),
   * and, once trained here, a stage for that training: its settings and its test at `step`, if it had one.
   */
  provenance(t: TrainingModel, step: number, command: string): Provenance {
    const { keeper, slot } = this.parts;
    const last = keeper.latestEvaluation;
    const tested = last !== null && last.step === step;
    if (slot.origin && step === 0) return { ...slot.origin, history: historyOf(slot.origin) };
    return appendStage(slot.origin, {
      command,
      epochs: step / t.stepsPerEpoch,
      steps: step,
      batch: slot.config.batchSize,
      testAccuracy: tested ? last.accuracy : Number.NaN,
      testLoss: tested ? last.loss : Number.NaN,
      // Every test image lands in one cell of the confusion matrix.
      ...(tested ? { testImages: last.confusion.flat().reduce((a, b) => a + b, 0) } : {}),
      adapter: slot.needEngine().adapterName,
      settings: { ...recipeOfConfig(slot.config) },
    });
  }

  /** Reads the run's whole state between submits and keeps it: as the lost-device backup, and in the store. */
  async checkpoint(): Promise<void> {
    const { slot, recovery, keeper } = this.parts;
    const t = slot.model;
    if (!t) return;
    const checkpoint = await slot.hold(t, () => t.checkpoint());
    // Another model came in while it was read: this state belongs to no run now.
    if (slot.model !== t) return;
    recovery.backup = checkpoint;
    await keeper.save({
      config: slot.config,
      label: slot.label,
      epoch: epochAt(checkpoint.step, t.stepsPerEpoch, slot.config.epochs),
      checkpoint,
      provenance: this.provenance(t, checkpoint.step, 'saved by the Inkling app'),
    });
  }

  /**
   * A new model or a fresh start: its history begins, and it is saved at once as the current run.
   * Until that save lands, the backup a lost device restores is the model's own weights when they
   * came from outside (a file, a fine-tune); a config alone rebuilds the same weights from its seed.
   */
  startOver(label: string | null, weights?: NamedTensors): void {
    const { slot, recovery, keeper, loop, saves } = this.parts;
    slot.label = label;
    slot.shippedTest = null;
    slot.origin = null;
    recovery.backUpFresh(weights);
    keeper.newRun();
    loop.settle('idle');
    loop.progress(true);
    void saves.now();
  }

  /** The run saved by an earlier page (as the keeper loaded it), back on the device where it stood; null when it does not build. */
  async restoreSaved(saved: SavedRun): Promise<RestoredRun | null> {
    const { slot, recovery, keeper } = this.parts;
    try {
      const t = await slot.build(saved.config);
      try {
        t.restore(saved.checkpoint);
      } catch (e) {
        await t.destroy();
        throw e;
      }
      slot.install(t);
      slot.label = saved.label;
      recovery.backup = saved.checkpoint;
      keeper.restore(saved);
      return saved.restored;
    } catch (e) {
      this.parts.emit({ type: 'notice', message: `The saved run could not be restored (${messageOf(e)}); starting anew.` });
      return null;
    }
  }
}
