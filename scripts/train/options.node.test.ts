import { describe, expect, it } from 'vitest';
import { parseTrainOptions } from './options.ts';

describe('npm run train flags', () => {
  it("defaults to the seed recipe (cnn, 1 epoch, batch 64, Adam 1e-3), the app's schedule, no augmentation", () => {
    const { config, runtime, testLimit } = parseTrainOptions([]);
    expect(config).toEqual({ model: 'cnn', optimizer: 'adam', learningRate: 1e-3, batchSize: 64, epochs: 1, seed: 1, schedule: 'anneal', augment: false });
    expect(runtime).toBe('chromium');
    expect(testLimit).toBe(10000);
  });

  it('reads every flag', () => {
    const o = parseTrainOptions(
      '--model cnn-deep --epochs 3 --steps 10 --batch 32 --lr 0.002 --optimizer sgd --schedule cosine --augment --seed 9 --json --runtime node --save out/m --test-limit 500'.split(' '),
    );
    expect(o.config).toEqual({ model: 'cnn-deep', optimizer: 'sgd', learningRate: 0.002, batchSize: 32, epochs: 3, seed: 9, schedule: 'cosine', augment: true, steps: 10 });
    expect(o).toMatchObject({ json: true, runtime: 'node', save: 'out/m', testLimit: 500 });
  });

  it.each([
    [['--model', 'resnet'], /unknown model "resnet"/],
    [['--schedule', 'step'], /unknown learning-rate schedule "step": choose one of constant, cosine, anneal/],
    [['--batch', '0'], /batch size must be a whole number ≥ 1/],
    [['--lr=-1'], /learning rate must be > 0/],
    [['--lr', 'fast'], /--lr must be a number/],
    [['--epochs', '1.5'], /--epochs must be a whole number/],
    [['--steps', '0'], /steps must be a whole number ≥ 1, got 0/],
    [['--runtime', 'deno'], /--runtime must be chromium or node/],
    [['--test-limit', '20000'], /--test-limit must be from 1 to 10000/],
    [['--seed', '5000000000'], /seed must be a whole number from 0 to 4294967295/],
  ])('refuses %j with a message naming the problem', (argv, message) => {
    expect(() => parseTrainOptions(argv)).toThrow(message);
  });
});
