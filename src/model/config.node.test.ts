import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../worker/protocol.ts';
import { buildGraph, initParams, packParams, unpackParams } from './graph.ts';
import { MODELS, modelSpec } from './models.ts';
import { validateConfig } from './validate.ts';

const ok: TrainConfig = { model: 'cnn', optimizer: 'adam', learningRate: 1e-3, batchSize: 64, epochs: 1, seed: 1 };

describe('validateConfig refuses bad settings with a message naming them', () => {
  it('accepts the seed configuration, and every schedule with or without augmentation', () => {
    expect(() => validateConfig(ok, 60000)).not.toThrow();
    for (const schedule of ['constant', 'cosine', 'anneal'] as const) {
      for (const augment of [false, true]) expect(() => validateConfig({ ...ok, schedule, augment }, 60000)).not.toThrow();
    }
  });
  it.each([
    [{ model: 'resnet' }, /unknown model "resnet": choose one of mlp, cnn, cnn-deep/],
    [{ optimizer: 'rmsprop' }, /unknown optimizer "rmsprop"/],
    [{ batchSize: 0 }, /batch size must be a whole number ≥ 1, got 0/],
    [{ batchSize: 2.5 }, /batch size must be a whole number/],
    [{ batchSize: 70000 }, /batch size 70000 is larger than 1024/],
    [{ learningRate: -0.01 }, /learning rate must be > 0 and ≤ 1, got -0.01/],
    [{ learningRate: Number.NaN }, /learning rate must be > 0/],
    [{ epochs: 0 }, /epochs must be a whole number from 1 to 50, got 0/],
    [{ seed: -1 }, /seed must be a whole number from 0 to 4294967295, got -1/],
    [{ seed: 2 ** 32 }, /seed must be a whole number from 0 to 4294967295/],
    [{ schedule: 'step' }, /unknown learning-rate schedule "step": choose one of constant, cosine, anneal/],
    [{ augment: 'yes' }, /augment must be true or false, got yes/],
    [{ steps: 0 }, /steps must be a whole number ≥ 1, got 0/],
    [{ steps: 2.5 }, /steps must be a whole number ≥ 1, got 2.5/],
  ])('%o', (change, message) => {
    expect(() => validateConfig({ ...ok, ...change } as TrainConfig, 60000)).toThrow(message);
  });
  it('refuses a batch larger than a small dataset', () => {
    expect(() => validateConfig({ ...ok, batchSize: 100 }, 50)).toThrow(/batch size 100 is larger than 50/);
  });
});

describe('model graphs', () => {
  it('the cnn is exactly the seed Keras model', () => {
    const g = buildGraph(MODELS.cnn);
    expect(g.layers.map((l) => l.output)).toEqual([[32, 26, 26], [32, 13, 13], [128], [10]]);
    // Keras summary: 320 + 692,352 + 1,290 parameters.
    expect(g.paramCount).toBe(320 + 5408 * 128 + 128 + 1290);
  });
  it('mlp and cnn-deep resolve', () => {
    expect(buildGraph(MODELS.mlp).paramCount).toBe(784 * 128 + 128 + 1290);
    expect(buildGraph(MODELS['cnn-deep']).layers.at(-3)!.output).toEqual([64, 7, 7]);
  });
  it('refuses an unknown model name', () => {
    expect(() => modelSpec('vgg')).toThrow(/unknown model "vgg"/);
  });
  it('Glorot init is reproducible, within limits, biases zero', () => {
    const g = buildGraph(MODELS.cnn);
    const a = initParams(g, 7);
    expect(initParams(g, 7)).toEqual(a);
    expect(initParams(g, 8)).not.toEqual(a);
    const w = unpackParams(g, a);
    const limit = Math.sqrt(6 / (5408 + 128));
    const largest = w['dense1.weight'].data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(largest).toBeLessThanOrEqual(limit);
    expect(largest).toBeGreaterThan(limit * 0.99);
    expect(w['dense1.bias'].data.every((v) => v === 0)).toBe(true);
  });
  it('weights round-trip by name, and bad sets are refused untouched', () => {
    const g = buildGraph(MODELS.mlp);
    const packed = initParams(g, 1);
    const named = unpackParams(g, packed);
    expect(packParams(g, named)).toEqual(packed);
    const missing = { ...named };
    delete missing['dense2.bias'];
    expect(() => packParams(g, missing)).toThrow(/"dense2.bias" is missing/);
    expect(() => packParams(g, { ...named, extra: { shape: [1], data: new Float32Array(1) } })).toThrow(/"extra" is not a parameter/);
    expect(() => packParams(g, { ...named, 'dense2.bias': { shape: [11], data: new Float32Array(11) } })).toThrow(/shape \[11\], expected \[10\]/);
    expect(() => packParams(g, { ...named, 'dense2.bias': { shape: [10], data: new Float32Array(10).fill(Number.NaN) } })).toThrow(/not a finite number/);
  });
});
