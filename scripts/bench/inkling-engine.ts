// Inkling's trainer behind the benchmark's engine interface. The dataset is uploaded once per
// device and shared by the batch sizes, as the app does.
import type { Mnist } from '../../src/data/mnist.ts';
import type { GpuDataset } from '../../src/gpu/dataset.ts';
import type { GpuContext } from '../../src/gpu/dispatch.ts';
import { Trainer, type StepMetrics } from '../../src/gpu/trainer.ts';
import type { TrainConfig } from '../../src/model/config.ts';
import { splitMetrics } from '../../src/model/metrics.ts';
import type { ModelSpec } from '../../src/model/spec.ts';
import type { BenchEngine } from './engine.ts';
import { hostFigures, HostTimer } from './host.ts';

export interface InklingEngine extends BenchEngine {
  readonly trainer: Trainer;
}

export async function createInklingEngine(
  ctx: GpuContext & { adapterName: string },
  data: GpuDataset,
  mnist: Mnist,
  batch: number,
  seed: number,
  model: ModelSpec,
): Promise<InklingEngine> {
  // The same recipe as the TF.js engines: Adam at a constant 1e-3, whatever the app's default schedule.
  let firstLoss: number | undefined;
  const onMetrics = (m: StepMetrics) => {
    if (m.firstStep === 1) firstLoss = m.loss[0];
  };
  const config: TrainConfig = { model, optimizer: 'adam', learningRate: 1e-3, schedule: 'constant', batchSize: batch, epochs: 50, seed };
  const timer = new HostTimer();
  const trainer = await Trainer.create(ctx, data, config, { onMetrics, onSubmitted: timer.onSubmitted });
  return {
    name: 'inkling',
    adapter: ctx.adapterName,
    trainer,
    get firstLoss() {
      return firstLoss;
    },
    async train(steps) {
      const done = await trainer.trainSteps(steps);
      const diverged = trainer.takeDivergence();
      if (done !== steps || diverged) {
        const why = diverged ? `diverged at step ${diverged.step} (loss ${diverged.loss})` : 'stopped early';
        throw new Error(`Inkling trained ${done} of ${steps} steps: ${why}`);
      }
    },
    async accuracy(limit) {
      return splitMetrics(await trainer.reading.evaluate(limit), mnist.test.labels).accuracy;
    },
    predict: (image) => trainer.reading.predict(image),
    host: (steps) => hostFigures(ctx.device, trainer, timer, data.bytes, steps),
    dispose: () => trainer.destroy(),
  };
}
