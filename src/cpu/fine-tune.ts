// A short run of a model on a small set of its own (a fine-tune) on the CPU: a throwaway trainer
// from the given weights over the set, which shares the MNIST test split. The model in use is
// untouched; the caller takes the weights it returns.
import { fineTuneConfig, fineTuneLoop } from '../model/fine-tune-loop.ts';
import type { DigitData, FineTuneOptions, LabelledImages } from '../model/engine.ts';
import type { NamedTensors } from '../model/graph.ts';
import type { CpuThreads } from './threads.ts';
import { CpuTrainer } from './trainer.ts';

export async function cpuFineTune(
  threads: CpuThreads,
  mnist: DigitData,
  weights: NamedTensors,
  set: LabelledImages,
  options: FineTuneOptions,
): Promise<NamedTensors> {
  let loss = Number.NaN;
  const hooks = { onMetrics: (m: { loss: Float32Array }) => (loss = m.loss[m.loss.length - 1]) };
  const trainer = await CpuTrainer.create(threads, { train: set, test: mnist.test }, fineTuneConfig(options), hooks, weights);
  try {
    return await fineTuneLoop(trainer, options, () => loss);
  } finally {
    await trainer.destroy();
  }
}
