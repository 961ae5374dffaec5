// A short run of a model on a small set of its own (a fine-tune): a throwaway Trainer from the
// given weights over a training split uploaded for it, which shares the MNIST test split. The
// model in use is untouched; the caller takes the weights it returns.
import { fineTuneConfig, fineTuneLoop } from '../model/fine-tune-loop.ts';
import type { FineTuneOptions, LabelledImages } from '../model/engine.ts';
import type { NamedTensors } from '../model/graph.ts';
import type { GpuContext } from './dispatch.ts';
import type { GpuDataset } from './dataset.ts';
import { Trainer } from './trainer.ts';

export type { FineTuneOptions };

/** Trains `weights` for one epoch of `set` and gives back the trained weights. */
export async function fineTune(
  ctx: GpuContext,
  mnist: GpuDataset,
  weights: NamedTensors,
  set: LabelledImages,
  options: FineTuneOptions,
): Promise<NamedTensors> {
  const data = mnist.withTrain(ctx.device, set, 'finetune');
  let trainer: Trainer | null = null;
  try {
    let loss = Number.NaN;
    trainer = await Trainer.create(ctx, data, fineTuneConfig(options), { onMetrics: (m) => (loss = m.loss[m.loss.length - 1]) }, weights);
    return await fineTuneLoop(trainer, options, () => loss);
  } finally {
    await trainer?.destroy();
    data.destroy();
  }
}
