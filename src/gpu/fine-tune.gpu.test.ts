// A fine-tune teaches a model a digit it could not read, on a training split of its own that
// shares the MNIST test split, and leaves both the model in use and the MNIST upload untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixFineTuneSet } from '../data/finetune-set.ts';
import type { Mnist } from '../data/mnist.ts';
import { parseModelSpec } from '../model/spec.ts';
import type { TrainConfig } from '../model/config.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { testGpu } from '../testing/gpu.ts';
import { GpuDataset } from './dataset.ts';
import { fineTune } from './fine-tune.ts';
import { Trainer } from './trainer.ts';
import type { GpuHost } from './context.ts';

const CONFIG: TrainConfig = {
  model: parseModelSpec({
    name: 'ft-net',
    layers: [
      { kind: 'dense', units: 32, activation: 'relu' },
      { kind: 'dense', units: 10 },
    ],
  }),
  optimizer: 'adam',
  learningRate: 3e-3,
  batchSize: 16,
  epochs: 1,
  seed: 3,
  schedule: 'constant',
  augment: true,
};

/** A "style" of the user's: a thick cross no MNIST image looks like, labelled 3. */
const cross = (): Uint8Array<ArrayBuffer> => {
  const pixels = new Uint8Array(784);
  for (let r = 4; r < 24; r++) for (let c = 12; c < 16; c++) pixels[r * 28 + c] = pixels[c * 28 + r] = 255;
  return pixels;
};

let gpu: GpuHost;
let mnist: Mnist;
let data: GpuDataset;

beforeAll(async () => {
  gpu = await testGpu();
  mnist = syntheticMnist(256, 32, 5);
  data = GpuDataset.upload(gpu.device, mnist);
});

afterAll(() => data.destroy());

const argmax = (p: Float32Array) => p.indexOf(Math.max(...p));

describe('fineTune', () => {
  it('teaches the digits of the mix, reports each step, and leaves the model in use and MNIST as they were', async () => {
    const model = await Trainer.create(gpu, data, CONFIG);
    try {
      const image = Float32Array.from(cross(), (v) => v / 255);
      // Misread at first: reading it after is then what the fine-tune taught.
      expect(argmax(await model.predict(image)), 'the cross read before teaching').not.toBe(3);
      const before = await model.getWeights();
      const set = mixFineTuneSet([{ label: 3, pixels: cross() }], mnist.train, { count: 40 * 16, personalShare: 0.25, seed: 1 });
      const steps: number[] = [];
      const tuned = await fineTune(gpu, data, before, set, { config: CONFIG, onStep: (step, total) => steps.push(step, total) });
      expect(steps.at(-2)).toBe(40);
      expect(steps.at(-1)).toBe(40);
      // The model in use still has its own weights until the caller puts the new ones in.
      expect(await model.getWeights()).toEqual(before);
      model.setWeights(tuned);
      expect(argmax(await model.predict(image))).toBe(3);
      // The fine-tune's split is gone, MNIST's test split still reads.
      expect((await model.evaluate()).predictions).toHaveLength(mnist.test.count);
    } finally {
      await model.destroy();
    }
  });

  it('gives a dataset that shares the test split and frees only its own split', () => {
    const set = mixFineTuneSet([{ label: 1, pixels: cross() }], mnist.train, { count: 10, personalShare: 0.5, seed: 2 });
    const mixed = data.withTrain(gpu.device, set, 'test-mix');
    expect(mixed.test).toBe(data.test);
    expect(mixed.train.count).toBe(10);
    expect(mixed.bytes).toBeGreaterThan(data.bytes);
    mixed.destroy();
    expect(data.bytes).toBeGreaterThan(0);
  });
});
