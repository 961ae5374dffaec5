// The requests that read the model in use without training it: a prediction, the inside view and
// the test-set evaluation. Each waits for a change of model in flight; a test asked for while one
// runs shares it.
import { transfer } from 'comlink';
import type { LabelledImages } from '../../model/engine.ts';
import { summarise } from '../evaluation.ts';
import { insideView } from '../inside-view.ts';
import type { Evaluation, InsideView } from '../protocol.ts';
import type { SessionParts } from './parts.ts';

export class Reader {
  private evaluating: Promise<Evaluation> | null = null;

  constructor(
    private readonly parts: SessionParts,
    private readonly testSet: () => LabelledImages,
  ) {}

  async predict(image: Float32Array): Promise<Float32Array> {
    return await (await this.parts.slot.current()).reading.predict(image);
  }

  async inspect(image: Float32Array): Promise<InsideView> {
    const t = await this.parts.slot.current();
    const r = await t.reading.inspect(image);
    return transfer(insideView(t.graph, r), [r.buffer]);
  }

  /** Runs between training submits when training; a request during a running one shares it. */
  evaluate(): Promise<Evaluation> {
    const { slot, keeper, loop, saves } = this.parts;
    this.evaluating ??= (async () => {
      const t = await slot.current();
      const step = t.stepsDone;
      const evaluation = summarise(await t.reading.evaluate(), this.testSet(), step, t.epoch);
      // A model swapped in meanwhile was not the one measured.
      if (slot.model === t) {
        keeper.noteEvaluation(evaluation);
        // While training, the next autosave or the epoch's end keeps it.
        if (!loop.training) void saves.now();
      }
      this.parts.emit({ type: 'evaluation', evaluation });
      return evaluation;
    })().finally(() => (this.evaluating = null));
    return this.evaluating;
  }
}
