import { describe, expect, it } from 'vitest';
import { batchSizeRule, DEFAULT_TRAINING, epochsRule, learningRateRule, LIMITS, validateConfig } from '../../model/config';
import { preset } from '../../model/presets';
import { DEFAULT_DRAFT } from './settings-slice';
import { fieldError, fieldErrors, toTrainConfig, type SettingsDraft } from './validate-settings';

const good: SettingsDraft = { model: 'cnn', optimizer: 'adam', schedule: 'cosine', augment: 'shift', learningRate: '0.001', batchSize: '64', epochs: '3' };

describe('settings validation', () => {
  it("states the engine's own rules", () => {
    expect(learningRateRule).toBe(`learning rate must be > 0 and ≤ ${LIMITS.learningRate.max}`);
    expect(batchSizeRule).toContain(`from ${LIMITS.batchSize.min} to ${LIMITS.batchSize.max}`);
    expect(epochsRule).toContain(`from ${LIMITS.epochs.min} to ${LIMITS.epochs.max}`);
  });

  it.each([
    ['learningRate', '0.001', null],
    ['learningRate', String(LIMITS.learningRate.max), null],
    ['learningRate', '1e-3', null],
    ['learningRate', '.5', null],
    ['learningRate', '0', learningRateRule],
    ['learningRate', '1.5', learningRateRule],
    ['learningRate', '-0.1', learningRateRule],
    ['learningRate', '', learningRateRule],
    ['learningRate', 'abc', learningRateRule],
    ['batchSize', String(LIMITS.batchSize.min), null],
    ['batchSize', String(LIMITS.batchSize.max), null],
    ['batchSize', String(LIMITS.batchSize.min - 1), batchSizeRule],
    ['batchSize', String(LIMITS.batchSize.max + 1), batchSizeRule],
    ['batchSize', '3.5', batchSizeRule],
    ['batchSize', ' ', batchSizeRule],
    ['epochs', String(LIMITS.epochs.max), null],
    ['epochs', String(LIMITS.epochs.max + 1), epochsRule],
    ['epochs', '0x10', epochsRule],
    ['epochs', '1e1', null],
  ] as const)('%s = %j → %s', (field, text, expected) => {
    expect(fieldError(field, text)).toBe(expected);
  });

  it("builds the config, with the preset's whole spec, only when every field is valid", () => {
    expect(toTrainConfig(good, 7)).toEqual({
      model: preset('cnn'),
      optimizer: 'adam',
      schedule: 'cosine',
      augment: true,
      learningRate: 0.001,
      batchSize: 64,
      epochs: 3,
      seed: 7,
    });
    expect(toTrainConfig({ ...good, augment: 'off' }, 7)).toMatchObject({ augment: false });
    expect(toTrainConfig({ ...good, augment: 'off' }, 7)).not.toHaveProperty('rotate');
    // The warp choice turns and scales as the CLI's --rotate 10 --zoom 0.1, and passes the engine's check.
    const warp = toTrainConfig({ ...good, augment: 'warp' }, 7)!;
    expect(warp).toMatchObject({ augment: true, rotate: 10, zoom: 0.1 });
    expect(validateConfig(warp, 60000)).toMatchObject({ rotate: 10, zoom: 0.1 });
    const bad = { ...good, batchSize: '2000', epochs: '0' };
    expect(toTrainConfig(bad, 7)).toBeNull();
    expect(Object.keys(fieldErrors(bad)).sort()).toEqual(['batchSize', 'epochs']);
    expect(() => toTrainConfig({ ...good, model: 'resnet' }, 7)).toThrow(/unknown model "resnet"/);
  });

  it("starts from the engine's defaults", () => {
    expect(fieldErrors(DEFAULT_DRAFT)).toEqual({});
    const config = toTrainConfig(DEFAULT_DRAFT, DEFAULT_TRAINING.seed);
    expect(config).toMatchObject({ ...DEFAULT_TRAINING, model: preset(DEFAULT_DRAFT.model) });
  });
});
