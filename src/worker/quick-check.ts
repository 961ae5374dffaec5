// A model file carries the test accuracy its weights had when it was made: a claim, which this
// engine has not measured (a file can claim anything, and another engine can sum in another
// order). So a model imported from a file is checked at once on the first test digits, quick
// even on a software GPU, and said as such until a full test replaces it.
import type { LabelledImages } from '../model/engine.ts';
import { splitMetrics } from '../model/metrics.ts';
import type { SessionParts } from './session/parts.ts';

/** Test digits a quick check reads: a tenth of MNIST's test set, about ±1 point at 95%. */
export const CHECK_IMAGES = 1_000;

export class QuickCheck {
  constructor(
    private readonly parts: SessionParts,
    private readonly testSet: () => LabelledImages,
  ) {}

  /** Checks the model in use; a check that cannot finish leaves it unchecked, and says nothing. */
  async run(): Promise<void> {
    const { slot, keeper } = this.parts;
    try {
      // A read holds the model: a swap meanwhile frees it only after the check has read it.
      const { t, step, result } = await slot.read(async (t) => ({ t, step: t.stepsDone, result: await t.reading.evaluate(CHECK_IMAGES) }));
      // Another model, or weights trained on meanwhile: the figure would belong to no weights now in use.
      if (slot.model !== t || t.stepsDone !== step) return;
      const { accuracy, loss, count } = splitMetrics(result, this.testSet().labels);
      const check = { step, images: count, accuracy, loss };
      keeper.noteCheck(check);
      this.parts.emit({ type: 'checked', check });
      // Kept with the run at once, as a test is; while training, the next autosave keeps it.
      if (!this.parts.loop.training) void this.parts.saves.now();
    } catch {
      // A lost device or a model swapped out mid-check: the next test measures it.
    }
  }
}
