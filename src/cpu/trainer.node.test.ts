// The CPU engine's training model as the worker uses it: it learns, a run resumed from a
// checkpoint equals the run never interrupted bit for bit, a foreign checkpoint is refused with
// the model untouched, a diverged loss rolls back, and the memory figure is the memory it takes.
import { describe, expect, it } from 'vitest';
import { splitMetrics } from '../model/metrics.ts';
import { parseModelSpec } from '../model/spec.ts';
import { preset } from '../model/presets.ts';
import type { NamedTensors } from '../model/graph.ts';
import { barMnist } from '../testing/bar-mnist.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { CpuBackend } from './cpu-backend.ts';
import { ONE_THREAD } from './threads.ts';
import { WINOGRAD_MIN_BATCH } from './layers/conv-algorithm.ts';
import { ThreadPool } from './threads/pool.ts';
import { nodeThreadSpawner } from '../../scripts/lib/node-threads.ts';
import { EVERY_KIND, LSTM_STACK } from '../testing/specs.ts';
import { CpuTrainer } from './trainer.ts';

const EVENTS = { onUnavailable: () => undefined, onLost: () => undefined, onError: () => undefined };

function maxDifference(a: NamedTensors, b: NamedTensors): number {
  let worst = 0;
  for (const name of Object.keys(a)) a[name].data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[name].data[i]))));
  return worst;
}

// The reference-free tests still train real networks on one thread in Node: seconds each.
describe('the CPU training model', { timeout: 120_000 }, () => {
  it('learns the bar digits: the loss falls and the test accuracy rises far above chance', async () => {
    const mnist = barMnist(2048, 500, 1);
    const losses: number[] = [];
    const t = await CpuTrainer.create(
      ONE_THREAD,
      mnist,
      { model: preset('cnn'), optimizer: 'adam', learningRate: 2e-3, batchSize: 32, epochs: 1, seed: 1, steps: 60 },
      {
        onMetrics: (m) => losses.push(...m.loss),
      },
    );
    await t.trainSteps(60);
    const test = splitMetrics(await t.reading.evaluate(), mnist.test.labels);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(losses).toHaveLength(60);
    expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)) / 2);
    expect(test.accuracy).toBeGreaterThan(0.9);
    await t.destroy();
  });

  it('resumes from a checkpoint on a new model exactly where the uninterrupted run would be (max |Δweight| = 0)', async () => {
    const mnist = syntheticMnist(256, 16, 2);
    const config = { model: preset('cnn-bn'), optimizer: 'adam', learningRate: 1e-3, batchSize: 16, epochs: 1, seed: 4, augment: true } as const;
    const straight = await CpuTrainer.create(ONE_THREAD, mnist, config);
    await straight.trainSteps(6);
    const first = await CpuTrainer.create(ONE_THREAD, mnist, config);
    await first.trainSteps(3);
    const c = await first.checkpoint();
    await first.destroy();
    const resumed = await CpuTrainer.create(ONE_THREAD, mnist, config);
    resumed.restore(c);
    expect(resumed.stepsDone).toBe(3);
    await resumed.trainSteps(3);
    expect(maxDifference(await resumed.getWeights(), await straight.getWeights())).toBe(0);
    const [a, b] = [await resumed.checkpoint(), await straight.checkpoint()];
    expect(a.step).toBe(6);
    expect(a.moments.m.every((v, i) => v === b.moments.m[i])).toBe(true);
  });

  it('trains to the same bits on 1 thread and on 3 (the split never changes a sum)', async () => {
    const mnist = syntheticMnist(256, 16, 9);
    const config = { model: EVERY_KIND, optimizer: 'adam', learningRate: 1e-3, batchSize: 16, epochs: 1, seed: 3, augment: true } as const;
    // At the batch from which conv-algorithm.ts runs the 32- and 64-channel layers by Winograd.
    const cnnBn = { ...config, model: preset('cnn-bn'), batchSize: WINOGRAD_MIN_BATCH };
    const pool = await ThreadPool.open(3, nodeThreadSpawner);
    try {
      expect(pool.threads).toBe(3);
      for (const c of [config, cnnBn, { ...config, model: LSTM_STACK }]) {
        const one = await CpuTrainer.create(ONE_THREAD, mnist, c);
        const three = await CpuTrainer.create(pool, mnist, c);
        expect(three.threadCount).toBe(3);
        await one.trainSteps(3);
        await three.trainSteps(3);
        expect(maxDifference(await three.getWeights(), await one.getWeights()), c.model.name).toBe(0);
        const [a, b] = [await one.checkpoint(), await three.checkpoint()];
        expect(a.moments.v.every((v, i) => v === b.moments.v[i])).toBe(true);
        await Promise.all([one.destroy(), three.destroy()]);
      }
    } finally {
      await pool.destroy();
    }
  });

  it('refuses a checkpoint of another network or optimizer, the model untouched', async () => {
    const mnist = syntheticMnist(64, 8, 3);
    const t = await CpuTrainer.create(ONE_THREAD, mnist, { model: preset('mlp'), optimizer: 'adam', learningRate: 1e-3, batchSize: 8, epochs: 1, seed: 1 });
    const before = await t.getWeights();
    const c = await t.checkpoint();
    expect(() => t.restore({ ...c, optimizer: 'sgd', moments: { velocity: c.moments.m } })).toThrow(/the optimizer state is sgd's, but this run uses adam/);
    expect(() => t.restore({ ...c, step: 1e9 })).toThrow(/the checkpoint's step 1000000000 is outside/);
    expect(maxDifference(await t.getWeights(), before)).toBe(0);
  });

  it('a non-finite loss stops training and restores the last snapshot, said once; training goes on from it', async () => {
    const mnist = syntheticMnist(2048, 8, 5);
    const t = await CpuTrainer.create(ONE_THREAD, mnist, { model: preset('mlp'), optimizer: 'adam', learningRate: 1e-3, batchSize: 16, epochs: 1, seed: 4 });
    await t.trainSteps(60);
    expect(t.takeDivergence()).toBeNull();
    const atSnapshot = (await t.checkpoint()).step;
    // Poison one weight in the model's memory, as an overflow would: the next loss is NaN.
    const inside = t as unknown as { memory: WebAssembly.Memory; layout: { live: { params: { offset: number } } } };
    const bias = t.graph.params.find((p) => p.fullName === 'dense2.bias')!;
    new Float32Array(inside.memory.buffer, inside.layout.live.params.offset + bias.offset * 4, 1)[0] = Number.NaN;
    expect(await t.trainSteps(50)).toBeLessThan(50);
    const d = t.takeDivergence();
    expect(d).toMatchObject({ step: atSnapshot + 1, restoredStep: 50 });
    expect(Number.isNaN(d!.loss)).toBe(true);
    expect(t.stepsDone).toBe(50);
    expect(t.takeDivergence()).toBeNull();
    for (const [name, w] of Object.entries(await t.getWeights())) expect(w.data.every(Number.isFinite), name).toBe(true);
    expect(await t.trainSteps(10)).toBe(10);
    expect(t.takeDivergence()).toBeNull();
  });

  it('takes exactly the memory its figure says, and refuses a network over the budget before allocating, naming it and the bytes', async () => {
    const mnist = syntheticMnist(1024, 8, 6);
    const engine = await new CpuBackend().open(() => Promise.resolve(mnist), EVENTS);
    const config = { model: preset('cnn'), optimizer: 'adam', learningRate: 1e-3, batchSize: 16, epochs: 1, seed: 1 } as const;
    const figure = engine.memory(config);
    const t = (await engine.create(config)) as CpuTrainer;
    expect(figure.training + figure.evaluation).toBe(t.allocatedBytes);
    expect(figure.problem).toBeNull();
    await t.destroy();
    const wide = parseModelSpec({
      name: 'wide',
      layers: [
        { kind: 'conv2d', filters: 256, kernel: 3, padding: 'same' },
        { kind: 'conv2d', filters: 256, kernel: 3, padding: 'same' },
        { kind: 'dense', units: 10 },
      ],
    });
    const huge = { ...config, model: wide, batchSize: 1024 };
    expect(engine.memory(huge).problem).toMatch(/^wide at batch 1024 needs [\d.]+ GiB of WebAssembly memory .*the CPU engine gives a model at most 2\.00 GiB/);
    await expect(engine.create(huge)).rejects.toThrow(/wide at batch 1024 needs/);
  });
});
