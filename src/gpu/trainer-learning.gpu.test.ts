// The real MNIST, trained for a CI-sized run on whatever adapter the browser grants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnistFromUrl } from '../data/mnist-browser.ts';
import type { Mnist } from '../data/mnist.ts';
import { splitMetrics } from '../model/metrics.ts';
import { preset } from '../model/presets.ts';
import { parseModelSpec } from '../model/spec.ts';
import { countBufferCreation, testGpu } from '../testing/gpu.ts';
import { GpuDataset } from './dataset.ts';
import type { SplitResult } from './eval-plan.ts';
import { Trainer } from './trainer.ts';
import type { GpuHost } from './context.ts';

let gpu: GpuHost;
let mnist: Mnist;
let data: GpuDataset;

beforeAll(async () => {
  gpu = await testGpu();
  mnist = await loadMnistFromUrl('/data/');
  data = GpuDataset.upload(gpu.device, mnist);
});

afterAll(() => data.destroy());

function accuracyOn(result: SplitResult): number {
  return splitMetrics(result, mnist.test.labels).accuracy;
}

describe('training on MNIST', () => {
  // A run cut to 300 steps of 32 (under a sixth of an epoch), its rate annealed over those 300:
  // the seed CNN passes 90% on the first 1,000 test images.
  it('cnn, a 300-step run of batch 32 with Adam 1e-3 and anneal, reaches ≥ 90% test accuracy', async () => {
    const losses: number[] = [];
    const config = { model: preset('cnn'), optimizer: 'adam', learningRate: 1e-3, batchSize: 32, epochs: 1, seed: 1, schedule: 'anneal', steps: 300 } as const;
    const t = await Trainer.create(gpu, data, config, { onMetrics: (m) => losses.push(...m.loss) });
    try {
      expect(t.totalSteps).toBe(300);
      // The schedule spans the 300 steps, not the epoch: full rate to step 225, then down to ~0.
      expect(t.learningRateAt(225)).toBeCloseTo(1e-3, 12);
      expect(t.learningRateAt(299)).toBeCloseTo(1e-3 * (1 / 300 / 0.25), 12);
      expect(await t.trainSteps(1000)).toBe(300);
      expect(t.done).toBe(true);
      expect(losses).toHaveLength(300);
      const head = losses.slice(0, 20).reduce((a, b) => a + b) / 20;
      const tail = losses.slice(-20).reduce((a, b) => a + b) / 20;
      expect(head).toBeGreaterThan(1.5);
      expect(tail).toBeLessThan(0.6);
      const result = await t.evaluate(1000);
      const accuracy = accuracyOn(result);
      console.info(
        `[learning] cnn 300×32: first-1000 test accuracy ${(accuracy * 100).toFixed(1)}%, loss ${head.toFixed(3)} → ${tail.toFixed(3)}, ${t.samplesPerSecond.toFixed(0)} samples/s`,
      );
      expect(accuracy).toBeGreaterThanOrEqual(0.9);
    } finally {
      await t.destroy();
    }
  });

  // Reading uses the running statistics and no dropout: if either were wrong (stats never
  // updated, dropout left on, train-mode batch statistics of a single image) the test set and a
  // single prediction would disagree with training.
  it('batch norm and dropout: a short run reads the test set with its running statistics', async () => {
    const model = parseModelSpec({
      name: 'bn-mlp',
      layers: [
        { kind: 'dense', units: 128, bias: false },
        { kind: 'batchnorm', activation: 'relu', momentum: 0.9 },
        { kind: 'dropout', rate: 0.3 },
        { kind: 'dense', units: 10 },
      ],
    });
    const t = await Trainer.create(gpu, data, { model, optimizer: 'adam', learningRate: 2e-3, batchSize: 64, epochs: 1, seed: 5, steps: 200 });
    try {
      await t.trainSteps(200);
      const weights = await t.getWeights();
      // Running statistics moved away from their init (mean 0, variance 1).
      expect(weights['bn1.running_mean'].data.some((v) => Math.abs(v) > 0.05)).toBe(true);
      const result = await t.evaluate(1000);
      const accuracy = accuracyOn(result);
      console.info(`[learning] bn-mlp 200×64: first-1000 test accuracy ${(accuracy * 100).toFixed(1)}%`);
      // Broken reading (batch statistics of one image, dropout left on) lands far below this.
      expect(accuracy).toBeGreaterThanOrEqual(0.85);
      // A single image (batch 1) reads the same as in the batched evaluation.
      const image = Float32Array.from(mnist.test.images.subarray(0, 784), (v) => v / 255);
      const probs = await t.predict(image);
      expect(probs.indexOf(Math.max(...probs))).toBe(result.predictions[0]);
    } finally {
      await t.destroy();
    }
  });

  it('allocates nothing after the first steps: GPU bytes equal at step 10 and step 500', async () => {
    const t = await Trainer.create(gpu, data, { model: preset('mlp'), optimizer: 'adam', learningRate: 1e-3, batchSize: 64, epochs: 1, seed: 2 });
    try {
      await t.trainSteps(10);
      const at10 = t.allocatedBytes;
      const counter = countBufferCreation(gpu.device);
      try {
        await t.trainSteps(490);
      } finally {
        counter.restore();
      }
      expect(t.stepsDone).toBe(500);
      expect(t.allocatedBytes).toBe(at10);
      expect(counter.created).toBe(0);
    } finally {
      await t.destroy();
    }
  });

  it('predicts a test digit with probabilities that sum to 1, and evaluates per class', async () => {
    const t = await Trainer.create(gpu, data, { model: preset('mlp'), optimizer: 'adam', learningRate: 1e-3, batchSize: 64, epochs: 1, seed: 3 });
    try {
      await t.trainSteps(150);
      const image = Float32Array.from(mnist.test.images.subarray(0, 784), (v) => v / 255);
      const probs = await t.predict(image);
      expect(probs).toHaveLength(10);
      expect(probs.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
      expect(probs.indexOf(Math.max(...probs))).toBe(mnist.test.labels[0]);
      const full = await t.evaluate();
      expect(full.predictions).toHaveLength(10000);
      expect(accuracyOn(full)).toBeGreaterThan(0.85);
    } finally {
      await t.destroy();
    }
  });

  it('a non-finite loss pauses training and restores the last good weights', async () => {
    const t = await Trainer.create(gpu, data, { model: preset('mlp'), optimizer: 'adam', learningRate: 1e-3, batchSize: 64, epochs: 1, seed: 4 });
    try {
      await t.trainSteps(20);
      expect(t.takeDivergence()).toBeNull();
      // Poison one weight on the device, as an overflow would: the next loss is NaN.
      const bias = t.graph.params.find((p) => p.fullName === 'dense2.bias')!;
      gpu.device.queue.writeBuffer(t.plan.params, bias.offset * 4, new Float32Array([Number.NaN]));
      const done = await t.trainSteps(50);
      expect(done).toBeLessThan(50);
      const divergence = t.takeDivergence();
      expect(divergence).toMatchObject({ step: 21 });
      expect(Number.isNaN(divergence!.loss)).toBe(true);
      expect(divergence!.restoredStep).toBeLessThanOrEqual(20);
      expect(t.stepsDone).toBe(divergence!.restoredStep);
      // Read once: the next call has nothing to report.
      expect(t.takeDivergence()).toBeNull();
      const weights = await t.getWeights();
      for (const [name, w] of Object.entries(weights)) expect(w.data.every(Number.isFinite), name).toBe(true);
      // Training goes on from the restored weights.
      expect(await t.trainSteps(10)).toBe(10);
      expect(t.takeDivergence()).toBeNull();
    } finally {
      await t.destroy();
    }
  });
});
