// "Learn my handwriting": fine-tunes the model in use on the user's digits, mixed with MNIST
// replay, and measures it before and after on the user's digits (those held back when there are
// enough) and on the MNIST test set. The recipe is small on purpose: 1,280 images (in batches cut
// by fine-tune-batches.ts) take seconds on a GPU and under a minute on a software one, and a low,
// annealed rate moves the weights just
// enough to take in a new style without losing what MNIST taught. The first try (30 steps of 32
// at a constant 3e-4, a quarter of each batch the user's) learned a European 1 but cost the
// shipped model 0.7 points on the MNIST test set.
import { accuracyOf, holdOut, mixFineTuneSet } from '../data/finetune-set.ts';
import type { MnistSet } from '../data/mnist.ts';
import type { LabelledDigit } from '../data/personal-file.ts';
import type { GpuContext } from '../gpu/dispatch.ts';
import type { GpuDataset } from '../gpu/dataset.ts';
import { fineTune } from '../gpu/fine-tune.ts';
import { fineTuneBatches } from './fine-tune-batches.ts';
import type { Trainer } from '../gpu/trainer.ts';
import type { NamedTensors } from '../model/graph.ts';
import type { FineTuneProgress, FineTuneReport } from './protocol.ts';

export const FINE_TUNE = {
  /** A fifth of the images are the user's: enough to learn from, little enough to keep MNIST. */
  personalShare: 0.2,
  // 2e-4 cost the shipped reader (batch 32, so 40 steps) 0.29 points of MNIST; this 0.12, with the same digits learned.
  learningRate: 1.4e-4,
  /** Picks the replay images: the same set gives the same run. */
  seed: 12,
} as const;

export interface FineTuneIo {
  /** The model in use's MNIST test accuracy before (from its last test when it has one). */
  testBefore(): Promise<number>;
  /** Makes the weights the model in use. */
  install(weights: NamedTensors, label: string): Promise<void>;
  /** Its MNIST test accuracy now (the page shows it as after training). */
  testAfter(): Promise<number>;
  progress(p: FineTuneProgress): void;
}

async function readings(trainer: Trainer, digits: readonly LabelledDigit[]): Promise<number[]> {
  const out: number[] = [];
  for (const d of digits) {
    const p = await trainer.predict(Float32Array.from(d.pixels, (v) => v / 255));
    out.push(p.indexOf(Math.max(...p)));
  }
  return out;
}

export async function runFineTune(
  ctx: GpuContext,
  data: GpuDataset,
  mnistTrain: MnistSet,
  trainer: Trainer,
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
  const personalBefore = accuracyOf(await readings(trainer, measured), measured);
  const testBefore = await io.testBefore();
  say('training');
  const set = mixFineTuneSet(train, mnistTrain, { count: steps * batchSize, personalShare, seed: seed + digits.length });
  const config = { ...trainer.config, batchSize, learningRate, optimizer: 'adam', schedule: 'anneal', augment: true, seed } as const;
  const trainingBegin = performance.now();
  const weights = await fineTune(ctx, data, await trainer.getWeights(), set, { config, onStep: (step) => say('training', step) });
  const trainingSeconds = (performance.now() - trainingBegin) / 1000;
  const label = `${trainer.config.model.name} · fine-tuned on ${train.length} of your digits`;
  await io.install(weights, label);
  say('testing', steps);
  const personalAfter = accuracyOf(await readings(trainer, measured), measured);
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
