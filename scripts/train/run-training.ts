// The training run itself, host-agnostic: the Chromium page and the Node entry both call it
// with a device and the data, and get back the summary line and (optionally) the weights.
import type { Mnist } from '../../src/data/mnist.ts';
import { GpuDataset } from '../../src/gpu/dataset.ts';
import type { Gpu } from '../../src/gpu/device.ts';
import type { GpuContext } from '../../src/gpu/dispatch.ts';
import type { NamedArrays } from '../../src/gpu/graph.ts';
import { Trainer } from '../../src/gpu/trainer.ts';
import type { TrainConfig } from '../../src/worker/protocol.ts';

export interface TrainRequest {
  config: TrainConfig;
  testLimit: number;
  wantWeights: boolean;
}

export interface TrainSummary {
  model: string;
  epochs: number;
  steps: number;
  batch: number;
  schedule: string;
  augment: boolean;
  seed: number;
  test_accuracy: number;
  test_loss: number;
  train_loss: number;
  samples_per_s: number;
  seconds: number;
  adapter: string;
}

export interface TrainTick {
  step: number;
  totalSteps: number;
  samplesPerSecond: number;
  loss: number;
}

const TICK_STEPS = 50;

export async function runTraining(
  gpu: Gpu & GpuContext,
  mnist: Mnist,
  req: TrainRequest,
  onTick: (t: TrainTick) => void,
): Promise<{ summary: TrainSummary; weights: NamedArrays | null }> {
  const data = GpuDataset.upload(gpu.device, mnist);
  const recent: number[] = [];
  const trainer = await Trainer.create(gpu, data, req.config, {
    onMetrics: (m) => {
      recent.push(...m.loss);
      if (recent.length > 100) recent.splice(0, recent.length - 100);
    },
  });
  try {
    const total = trainer.totalSteps;
    const start = performance.now();
    while (trainer.stepsDone < total) {
      await trainer.trainSteps(Math.min(TICK_STEPS, total - trainer.stepsDone));
      if (trainer.divergence) throw new Error(`training diverged at step ${trainer.divergence.step} (loss ${trainer.divergence.loss})`);
      onTick({ step: trainer.stepsDone, totalSteps: total, samplesPerSecond: trainer.samplesPerSecond, loss: recent[recent.length - 1] ?? NaN });
    }
    const seconds = (performance.now() - start) / 1000;
    const result = await trainer.evaluate(req.testLimit);
    let correct = 0;
    let loss = 0;
    result.predictions.forEach((p, i) => {
      correct += p === mnist.test.labels[i] ? 1 : 0;
      loss += result.losses[i];
    });
    const n = result.predictions.length;
    const tail = recent.slice(-50);
    return {
      summary: {
        model: req.config.model,
        epochs: total / trainer.stepsPerEpoch,
        steps: total,
        batch: req.config.batchSize,
        schedule: trainer.schedule,
        augment: req.config.augment ?? false,
        seed: req.config.seed,
        test_accuracy: correct / n,
        test_loss: loss / n,
        train_loss: tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length),
        samples_per_s: (total * req.config.batchSize) / seconds,
        seconds,
        adapter: gpu.adapterName,
      },
      weights: req.wantWeights ? await trainer.getWeights() : null,
    };
  } finally {
    await trainer.destroy();
    data.destroy();
  }
}
