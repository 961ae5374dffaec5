// A checkpoint is a whole run: a trainer restored from one, read while steps were still in flight,
// ends with the same weights as the run that was never interrupted. Both runs use the same
// kernels on the same adapter, so they agree to the bit; any drift would mean state left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../testing/until.ts';
import { parseModelSpec } from '../model/spec.ts';
import type { TrainConfig } from '../model/config.ts';
import type { NamedTensors } from '../model/graph.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { testGpu } from '../testing/gpu.ts';
import { GpuDataset } from './dataset.ts';
import { Trainer, type TrainerCheckpoint } from './trainer.ts';
import type { GpuHost } from './context.ts';

/** Small, but with every source of per-step state: running statistics, dropout draws, augmentation. */
const SPEC = parseModelSpec({
  name: 'checkpoint-net',
  layers: [
    { kind: 'conv2d', filters: 4, kernel: 3, bias: false },
    { kind: 'batchnorm', activation: 'relu' },
    { kind: 'maxpool', size: 2 },
    { kind: 'dropout', rate: 0.3 },
    { kind: 'dense', units: 10 },
  ],
});

let gpu: GpuHost;
let data: GpuDataset;

beforeAll(async () => {
  gpu = await testGpu();
  data = GpuDataset.upload(gpu.device, syntheticMnist(256, 32, 11));
});

afterAll(() => data.destroy());

function maxAbsDifference(a: NamedTensors, b: NamedTensors): number {
  let max = 0;
  for (const [name, t] of Object.entries(a)) {
    const other = b[name].data;
    for (let i = 0; i < t.data.length; i++) max = Math.max(max, Math.abs(t.data[i] - other[i]));
  }
  return max;
}

describe('Trainer checkpoints', () => {
  // 256 / 8 = 32 steps an epoch, two epochs: the resumed half crosses an epoch's reshuffle.
  it.each(['adam', 'sgd'] as const)('%s: a run restored from a mid-run checkpoint ends with the uninterrupted run’s weights', async (optimizer) => {
    const config: TrainConfig = { model: SPEC, optimizer, learningRate: 3e-3, batchSize: 8, epochs: 2, seed: 5, schedule: 'cosine', augment: true };
    const whole = await Trainer.create(gpu, data, config);
    await whole.trainSteps(whole.totalSteps);
    const expected = await whole.getWeights();
    await whole.destroy();

    const first = await Trainer.create(gpu, data, config);
    // Read while training runs, as the app's autosave does.
    const running = first.trainSteps(first.totalSteps);
    await until(() => first.stepsDone >= 20, 'step 20 of the first run');
    const checkpoint = await first.checkpoint();
    first.stop();
    await running;
    await first.destroy();
    expect(checkpoint.step).toBeGreaterThanOrEqual(20);
    expect(checkpoint.step).toBeLessThan(64);
    expect(Object.keys(checkpoint.moments)).toEqual(optimizer === 'adam' ? ['m', 'v'] : ['velocity']);

    const resumed = await Trainer.create(gpu, data, config);
    resumed.restore(checkpoint);
    expect(resumed.stepsDone).toBe(checkpoint.step);
    await resumed.trainSteps(resumed.totalSteps);
    expect(resumed.stepsDone).toBe(64);
    const difference = maxAbsDifference(expected, await resumed.getWeights());
    await resumed.destroy();
    console.info(`[checkpoint] ${optimizer}: resumed at step ${checkpoint.step} of 64, max |Δweight| vs uninterrupted = ${difference}`);
    expect(difference).toBe(0);
  });

  it('refuses a checkpoint of another optimizer, size or run length, naming it, with the model untouched', async () => {
    const config: TrainConfig = { model: SPEC, optimizer: 'adam', learningRate: 1e-3, batchSize: 8, epochs: 1, seed: 2 };
    const t = await Trainer.create(gpu, data, config);
    try {
      await t.trainSteps(3);
      const good: TrainerCheckpoint = await t.checkpoint();
      const before = await t.getWeights();
      const zeroed = Object.fromEntries(Object.entries(good.weights).map(([k, v]) => [k, { ...v, data: new Float32Array(v.data.length) }]));
      const moment = good.moments.m;
      expect(() => t.restore({ ...good, weights: zeroed, optimizer: 'sgd' })).toThrow(/the optimizer state is sgd's, but this run uses adam/);
      expect(() => t.restore({ ...good, weights: zeroed, moments: { m: moment } })).toThrow(/adam keeps the moments m, v, the checkpoint has m$/);
      expect(() => t.restore({ ...good, weights: zeroed, moments: { m: moment, v: moment.slice(1) } })).toThrow(
        /optimizer moment v holds \d+ values, the network packs \d+/,
      );
      expect(() => t.restore({ ...good, weights: zeroed, step: 33 })).toThrow(/the checkpoint's step 33 is outside this run's 0..32/);
      expect(maxAbsDifference(before, await t.getWeights())).toBe(0);
      expect(t.stepsDone).toBe(3);
    } finally {
      await t.destroy();
    }
  });
});
