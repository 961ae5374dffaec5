// The requests that read the model in use without training it: a prediction, the inside view and
// the test-set evaluation. Each waits for a change of model in flight and holds the model it reads
// (a swap frees it only after); one whose model was replaced or lost while it read ends quietly
// and the next model answers instead. A test asked for while one runs shares it. Before the
// session has a model in use, the first reader (first-reader.ts) answers predictions and the inside view.
import { transfer } from 'comlink';
import type { LabelledImages, StandaloneReader, TrainingModel } from '../../model/engine.ts';
import type { InsideRequest } from '../../model/grad-cam.ts';
import { summarise } from '../evaluation.ts';
import { HISTOGRAM_BINS } from '../../model/histogram.ts';
import { ridgeOf } from '../explain/layer-histograms.ts';
import { insideView } from '../inside-view.ts';
import type { Evaluation, HistogramRidge, InsideView } from '../protocol.ts';
import type { SessionParts } from './parts.ts';

export class Reader {
  private evaluating: Promise<Evaluation> | null = null;

  constructor(
    private readonly parts: SessionParts,
    private readonly testSet: () => LabelledImages,
    /** `work` on the first reader, or null where the model in use reads (first-reader.ts). */
    private readonly first: <T>(work: (reader: StandaloneReader) => Promise<T>) => Promise<T> | null = () => null,
  ) {}

  async predict(image: Float32Array): Promise<Float32Array> {
    const early = this.first((reader) => reader.reading.predict(image));
    if (early) return await early;
    return (await this.onModelInUse((t) => t.reading.predict(image))).answer;
  }

  async inspect(image: Float32Array, request?: InsideRequest): Promise<InsideView> {
    const early = this.first(async (reader) => ({ model: reader, answer: await reader.reading.inspect(image, request) }));
    const { model, answer } = early ? await early : await this.onModelInUse((t) => t.reading.inspect(image, request));
    return transfer(insideView(model.graph, answer), [answer.buffer]);
  }

  /** Runs between training submits when training; a request during a running one shares it. */
  evaluate(): Promise<Evaluation> {
    const { keeper, loop, saves } = this.parts;
    this.evaluating ??= (async () => {
      // During training each test also reads the layer histograms, a few hundred numbers: a ridge of the run's history.
      const measure = loop.training;
      const { model, answer } = await this.onModelInUse(async (t) => {
        const { stepsDone, epoch } = t;
        const evaluation = summarise(await t.reading.evaluate(), this.testSet(), stepsDone, epoch);
        const ridge: HistogramRidge | null = measure ? ridgeOf(t.graph, await t.layerHistograms(HISTOGRAM_BINS), epoch) : null;
        return { evaluation, ridge };
      });
      const { evaluation, ridge } = answer;
      keeper.noteEvaluation(evaluation);
      if (ridge) keeper.noteHistograms(ridge);
      // While training, the next autosave or the epoch's end keeps it.
      if (!loop.training && this.parts.slot.model === model) void saves.now();
      this.parts.emit({ type: 'evaluation', evaluation });
      if (ridge) this.parts.emit({ type: 'histograms', ridge });
      return evaluation;
    })().finally(() => (this.evaluating = null));
    return this.evaluating;
  }

  /**
   * `read` on the model in use. A model replaced while it read (a swap, a lost device) is no
   * longer the one in use: what it gave, or how it failed, is dropped, and the next model reads.
   */
  private async onModelInUse<T>(read: (t: TrainingModel) => Promise<T>): Promise<{ model: TrainingModel; answer: T }> {
    const { slot, recovery } = this.parts;
    for (;;) {
      const tried: { model: TrainingModel | null } = { model: null };
      try {
        const answer = await slot.read((t) => {
          tried.model = t;
          return read(t);
        });
        if (tried.model && slot.model === tried.model) return { model: tried.model, answer };
      } catch (e) {
        if (tried.model === null || (slot.model === tried.model && !recovery.lost)) throw e;
      }
    }
  }
}
