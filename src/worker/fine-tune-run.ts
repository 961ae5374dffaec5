// "Learn my handwriting": fine-tunes the model in use on the user's digits, mixed with MNIST
// replay, and measures it before and after on the user's digits (those held back when there are
// enough) and on the MNIST test set. The recipe is small on purpose: 1,280 images (in batches cut
// by fine-tune-batches.ts) take seconds on a GPU and under a minute on a software one, and a low,
// annealed rate moves the weights just
// enough to take in a new style without losing what MNIST taught. The first try (30 steps of 32
// at a constant 3e-4, a quarter of each batch the user's) learned a European 1 but cost the
// shipped model 0.7 points on the MNIST test set.
import { accuracyOf, holdOut, mixFineTuneSet } from '../data/finetune-set.ts';
import type { LabelledDigit } from '../data/personal-file.ts';
import type { Engine, LabelledImages, TrainingModel } from '../model/engine.ts';
import { fineTuneBatches } from './fine-tune-batches.ts';
import type { NamedTensors } from '../model/graph.ts';
import type { PersonalSet } from './personal-set.ts';
import type { FineTuneProgress, FineTuneReport } from './protocol.ts';
import { messageOf } from './session/messages.ts';
import type { SessionParts } from './session/parts.ts';

export const FINE_TUNE = {
  /** A fifth of the images are the user's: enough to learn from, little enough to keep MNIST. */
  personalShare: 0.2,
  // 2e-4 cost the shipped reader (batch 32, so 40 steps) 0.29 points of MNIST; this 0.12, with the same digits learned.
  learningRate: 1.4e-4,
  /** Picks the replay images: the same set gives the same run. */
  seed: 12,
} as const;

export interface FineTuneIo {
  /** Runs `read` on the trainer while a change of model waits for it (the session's hold). */
  hold<T>(read: () => Promise<T>): Promise<T>;
  /** The model in use's MNIST test accuracy before (from its last test when it has one). */
  testBefore(): Promise<number>;
  /** Makes the weights the model in use. */
  install(weights: NamedTensors, label: string): Promise<void>;
  /** Its MNIST test accuracy now (the page shows it as after training). */
  testAfter(): Promise<number>;
  progress(p: FineTuneProgress): void;
}

async function readings(trainer: TrainingModel, digits: readonly LabelledDigit[]): Promise<number[]> {
  const out: number[] = [];
  for (const d of digits) {
    const p = await trainer.reading.predict(Float32Array.from(d.pixels, (v) => v / 255));
    out.push(p.indexOf(Math.max(...p)));
  }
  return out;
}

export async function runFineTune(
  engine: Engine,
  mnistTrain: LabelledImages,
  trainer: TrainingModel,
  digits: readonly LabelledDigit[],
  io: FineTuneIo,
): Promise<FineTuneReport> {
  const begin = performance.now();
  const { personalShare, learningRate, seed } = FINE_TUNE;
  const { batchSize, steps } = fineTuneBatches(trainer.config.batchSize);
  const say = (phase: FineTuneProgress['phase'], step = 0) => io.progress({ phase, step, steps, report: null, message: null });
  say('measuring');
  const { train, held } = holdOut(digits);
  const measured = held.length > 0 ? held : train;
  const personalBefore = accuracyOf(await io.hold(() => readings(trainer, measured)), measured);
  const testBefore = await io.testBefore();
  say('training');
  const set = mixFineTuneSet(train, mnistTrain, { count: steps * batchSize, personalShare, seed: seed + digits.length });
  const config = { ...trainer.config, batchSize, learningRate, optimizer: 'adam', schedule: 'anneal', augment: true, seed } as const;
  const trainingBegin = performance.now();
  const weights = await engine.fineTune(await io.hold(() => trainer.getWeights()), set, { config, onStep: (step) => say('training', step) });
  const trainingSeconds = (performance.now() - trainingBegin) / 1000;
  const label = `${trainer.config.model.name} · fine-tuned on ${train.length} of your digits`;
  await io.install(weights, label);
  say('testing', steps);
  const personalAfter = accuracyOf(await io.hold(() => readings(trainer, measured)), measured);
  const testAfter = await io.testAfter();
  const report = {
    trained: train.length,
    heldOut: held.length,
    personalBefore,
    personalAfter,
    testBefore,
    testAfter,
    steps,
    seconds: (performance.now() - begin) / 1000,
    trainingSeconds,
    label,
  };
  io.progress({ phase: 'done', step: steps, steps, report, message: null });
  return report;
}

/** The session's fine-tune: it holds the model in use until its weights are in, and training waits. */
export class FineTuner {
  private busy = false;

  constructor(
    private readonly parts: SessionParts,
    private readonly personal: PersonalSet,
    private readonly mnistTrain: () => LabelledImages,
    private readonly evaluate: () => Promise<{ accuracy: number }>,
  ) {}

  /** Throws while a fine-tune runs: training can `what` when it is done. */
  refuseWhileBusy(what: 'start' | 'resume' | 'move to another engine'): void {
    if (this.busy) throw new Error(`the model is learning your handwriting; training can ${what} when it is done`);
  }

  /** Fine-tunes the model in use on the personal set; training, if running, is paused first. */
  async run(): Promise<FineTuneReport> {
    const { slot, loop, keeper, saver } = this.parts;
    const t = slot.need();
    this.refuseWhileBusy('start');
    const digits = await this.personal.list();
    if (digits.length === 0) throw new Error('label some digits first: "That\'s a …" under the prediction');
    this.busy = true;
    try {
      await loop.pause();
      return await runFineTune(slot.needEngine(), this.mnistTrain(), t, digits, {
        testBefore: async () => {
          const last = keeper.latestEvaluation;
          if (last && last.step === t.stepsDone) return last.accuracy;
          // The shipped reader, untouched: its file's figure, a 10,000-digit test (minutes on a software GPU) saved.
          if (slot.shippedTest?.model === t && t.stepsDone === 0) return slot.shippedTest.accuracy;
          return (await this.evaluate()).accuracy;
        },
        hold: (read) => slot.hold(t, read),
        install: (weights, label) =>
          slot.transact(async () => {
            // Another model came in meanwhile: the fine-tuned weights are not its.
            if (slot.model !== t) throw new Error('another model was loaded while fine-tuning; it is kept as it is');
            await loop.stop();
            t.setWeights(weights);
            saver.startOver(label, weights);
          }),
        testAfter: async () => (await this.evaluate()).accuracy,
        progress: (p) => this.parts.emit({ type: 'finetune', progress: p }),
      });
    } catch (e) {
      this.parts.emit({ type: 'finetune', progress: { phase: 'failed', step: 0, steps: 0, report: null, message: messageOf(e) } });
      throw e;
    } finally {
      this.busy = false;
    }
  }
}
