// The real MNIST, trained for a CI-sized run on whatever adapter the browser grants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnistFromUrl } from '../data/mnist-browser.ts';
import type { Mnist } from '../data/mnist.ts';
import { testGpu, type TestGpu } from '../testing/gpu.ts';
import { GpuDataset } from './dataset.ts';
import { Trainer } from './trainer.ts';

let gpu: TestGpu;
let mnist: Mnist;
let data: GpuDataset;

beforeAll(async () => {
  gpu = await testGpu();
  mnist = await loadMnistFromUrl('/data/');
  data = GpuDataset.upload(gpu.device, mnist);
});

afterAll(() => data.destroy());

function accuracyOn(predictions: Uint32Array): number {
  let correct = 0;
  predictions.forEach((p, i) => (correct += p === mnist.test.labels[i] ? 1 : 0));
  return correct / predictions.length;
}

describe('training on MNIST', () => {
  // A run cut to 300 steps of 32 (under a sixth of an epoch), its rate annealed over those 300:
  // the seed CNN passes 90% on the first 1,000 test images.
  it('cnn, a 300-step run of batch 32 with Adam 1e-3 and anneal, reaches ≥ 90% test accuracy', async () => {
    const losses: number[] = [];
    const config = { model: 'cnn', optimizer: 'adam', learningRate: 1e-3, batchSize: 32, epochs: 1, seed: 1, schedule: 'anneal', steps: 300 } as const;
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
      const accuracy = accuracyOn(result.predictions);
      console.info(`[learning] cnn 300×32: first-1000 test accuracy ${(accuracy * 100).toFixed(1)}%, loss ${head.toFixed(3)} → ${tail.toFixed(3)}, ${t.samplesPerSecond.toFixed(0)} samples/s`);
      expect(accuracy).toBeGreaterThanOrEqual(0.9);
    } finally {
      await t.destroy();
    }
  });

  it('allocates nothing after the first steps: GPU bytes equal at step 10 and step 500', async () => {
    const t = await Trainer.create(gpu, data, { model: 'mlp', optimizer: 'adam', learningRate: 1e-3, batchSize: 64, epochs: 1, seed: 2 });
    const { device } = gpu;
    const original = device.createBuffer.bind(device);
    let created = 0;
    // A counting wrapper around the real device (nothing is mocked): the loop must create no buffer.
    device.createBuffer = (d: GPUBufferDescriptor) => {
      created++;
      return original(d);
    };
    try {
      await t.trainSteps(10);
      const at10 = t.allocatedBytes;
      created = 0;
      await t.trainSteps(490);
      expect(t.stepsDone).toBe(500);
      expect(t.allocatedBytes).toBe(at10);
      expect(created).toBe(0);
    } finally {
      device.createBuffer = original;
      await t.destroy();
    }
  });

  it('predicts a test digit with probabilities that sum to 1, and evaluates per class', async () => {
    const t = await Trainer.create(gpu, data, { model: 'mlp', optimizer: 'adam', learningRate: 1e-3, batchSize: 64, epochs: 1, seed: 3 });
    try {
      await t.trainSteps(150);
      const image = Float32Array.from(mnist.test.images.subarray(0, 784), (v) => v / 255);
      const probs = await t.predict(image);
      expect(probs).toHaveLength(10);
      expect(probs.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
      expect(probs.indexOf(Math.max(...probs))).toBe(mnist.test.labels[0]);
      const full = await t.evaluate();
      expect(full.predictions).toHaveLength(10000);
      expect(accuracyOn(full.predictions)).toBeGreaterThan(0.85);
    } finally {
      await t.destroy();
    }
  });

  it('a non-finite loss pauses training and restores the last good weights', async () => {
    const t = await Trainer.create(gpu, data, { model: 'mlp', optimizer: 'adam', learningRate: 1e-3, batchSize: 64, epochs: 1, seed: 4 });
    try {
      await t.trainSteps(20);
      expect(t.divergence).toBeNull();
      // Poison one weight on the device, as an overflow would: the next loss is NaN.
      const bias = t.graph.params.find((p) => p.fullName === 'dense2.bias')!;
      gpu.device.queue.writeBuffer(t.plan.params, bias.offset * 4, new Float32Array([Number.NaN]));
      const done = await t.trainSteps(50);
      expect(done).toBeLessThan(50);
      expect(t.divergence).toMatchObject({ step: 21 });
      expect(Number.isNaN(t.divergence!.loss)).toBe(true);
      expect(t.divergence!.restoredStep).toBeLessThanOrEqual(20);
      expect(t.stepsDone).toBe(t.divergence!.restoredStep);
      const weights = await t.getWeights();
      for (const [name, w] of Object.entries(weights)) expect(w.data.every(Number.isFinite), name).toBe(true);
      // Training goes on from the restored weights.
      t.divergence = null;
      expect(await t.trainSteps(10)).toBe(10);
      expect(t.divergence).toBeNull();
    } finally {
      await t.destroy();
    }
  });
});
