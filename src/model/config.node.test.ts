import { describe, expect, it } from 'vitest';
import { validateConfig, type TrainConfig } from './config.ts';
import { preset } from './presets.ts';

const ok: TrainConfig = { model: preset('cnn'), optimizer: 'adam', learningRate: 1e-3, batchSize: 64, epochs: 1, seed: 1 };

describe('validateConfig refuses bad settings with a message naming them', () => {
  it('accepts the seed configuration, and every schedule with or without augmentation', () => {
    expect(() => validateConfig(ok, 60000)).not.toThrow();
    for (const schedule of ['constant', 'cosine', 'anneal'] as const) {
      for (const augment of [false, true]) expect(() => validateConfig({ ...ok, schedule, augment }, 60000)).not.toThrow();
    }
  });
  it.each([
    [{ model: 'resnet' }, /model spec: must be a JSON object/],
    [{ model: { layers: [{ kind: 'dense', units: 0 }] } }, /layer 1 \(dense1, dense\): units must be a whole number from 1 to 16384, got 0/],
    [{ model: { layers: [{ kind: 'dense', units: 12 }] } }, /layer 1 \(dense1, dense\): the network ends with 12 outputs/],
    [{ optimizer: 'rmsprop' }, /unknown optimizer "rmsprop"/],
    [{ batchSize: 0 }, /batch size must be a whole number from 1 to 1024, got 0/],
    [{ batchSize: 2.5 }, /batch size must be a whole number/],
    [{ batchSize: 70000 }, /batch size must be a whole number from 1 to 1024, got 70000/],
    [{ learningRate: -0.01 }, /learning rate must be > 0 and ≤ 1, got -0.01/],
    [{ learningRate: Number.NaN }, /learning rate must be > 0/],
    [{ epochs: 0 }, /epochs must be a whole number from 1 to 50, got 0/],
    [{ seed: -1 }, /seed must be a whole number from 0 to 4294967295, got -1/],
    [{ seed: 2 ** 32 }, /seed must be a whole number from 0 to 4294967295/],
    [{ schedule: 'step' }, /unknown learning-rate schedule "step": choose one of constant, cosine, anneal, onecycle/],
    [{ augment: 'yes' }, /augment must be true or false, got yes/],
    [{ steps: 0 }, /steps must be a whole number ≥ 1, got 0/],
    [{ steps: 2.5 }, /steps must be a whole number ≥ 1, got 2.5/],
  ])('%o', (change, message) => {
    expect(() => validateConfig({ ...ok, ...change } as unknown as TrainConfig, 60000)).toThrow(message);
  });
  it('refuses a batch larger than a small dataset', () => {
    expect(() => validateConfig({ ...ok, batchSize: 100 }, 50)).toThrow(/batch size 100 is larger than the 50 training images/);
  });
  it('returns the config with the spec parsed: defaults filled, layers named', () => {
    const checked = validateConfig({ ...ok, model: { name: 'tiny', layers: [{ kind: 'dense', units: 10 }] } as never }, 60000);
    expect(checked.model.layers[0]).toEqual({ kind: 'dense', name: 'dense1', units: 10, activation: 'none', bias: true });
    expect(checked.model.input).toEqual([1, 28, 28]);
  });
});
