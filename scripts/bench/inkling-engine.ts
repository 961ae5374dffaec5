// Inkling's trainer behind the benchmark's engine interface. The dataset is uploaded once per
// device and shared by the batch sizes, as the app does.
import type { Mnist } from '../../src/data/mnist.ts';
import type { GpuDataset } from '../../src/gpu/dataset.ts';
import type { GpuContext } from '../../src/gpu/dispatch.ts';
import { createTrainer, type Trainer } from '../../src/gpu/trainer.ts';
import type { ModelName } from '../../src/worker/protocol.ts';
import type { BenchEngine } from './engine.ts';

export interface InklingEngine extends BenchEngine {
  readonly trainer: Trainer;
}

export async function createInklingEngine(
  ctx: GpuContext & { adapterName: string },
  data: GpuDataset,
  mnist: Mnist,
  batch: number,
  seed: number,
  model: ModelName = 'cnn',
): Promise<InklingEngine> {
  // The same recipe as the TF.js engines: Adam at a constant 1e-3, whatever the app's default schedule.
  const trainer = await createTrainer(ctx, data, { model, optimizer: 'adam', learningRate: 1e-3, schedule: 'constant', batchSize: batch, epochs: 50, seed });
  return {
    name: 'inkling',
    adapter: ctx.adapterName,
    trainer,
    async train(steps) {
      const done = await trainer.trainSteps(steps);
      if (done !== steps) {
        const why = trainer.divergence ? `diverged at step ${trainer.divergence.step} (loss ${trainer.divergence.loss})` : 'stopped early';
        throw new Error(`Inkling trained ${done} of ${steps} steps: ${why}`);
      }
    },
    async accuracy(limit) {
      const { predictions } = await trainer.evaluate(limit);
      const n = Math.min(limit, predictions.length);
      let correct = 0;
      for (let i = 0; i < n; i++) if (predictions[i] === mnist.test.labels[i]) correct++;
      return correct / n;
    },
    predict: (image) => trainer.predict(image),
    dispose: () => trainer.destroy(),
  };
}
