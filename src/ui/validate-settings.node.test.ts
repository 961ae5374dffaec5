import { describe, expect, it } from 'vitest';
import { fieldError, fieldErrors, toTrainConfig, type SettingsDraft } from './validate-settings';

const good: SettingsDraft = { model: 'cnn', optimizer: 'adam', schedule: 'cosine', augment: 'shift', learningRate: '0.001', batchSize: '64', epochs: '3' };

describe('settings validation', () => {
  it.each([
    ['learningRate', '0.001', null],
    ['learningRate', '1', null],
    ['learningRate', '1e-3', null],
    ['learningRate', '.5', null],
    ['learningRate', '0', 'learning rate must be > 0 and ≤ 1'],
    ['learningRate', '1.5', 'learning rate must be > 0 and ≤ 1'],
    ['learningRate', '-0.1', 'learning rate must be > 0 and ≤ 1'],
    ['learningRate', '', 'learning rate must be > 0 and ≤ 1'],
    ['learningRate', 'abc', 'learning rate must be > 0 and ≤ 1'],
    ['batchSize', '1', null],
    ['batchSize', '1024', null],
    ['batchSize', '0', 'batch size must be an integer from 1 to 1024'],
    ['batchSize', '1025', 'batch size must be an integer from 1 to 1024'],
    ['batchSize', '3.5', 'batch size must be an integer from 1 to 1024'],
    ['batchSize', ' ', 'batch size must be an integer from 1 to 1024'],
    ['epochs', '50', null],
    ['epochs', '51', 'epochs must be an integer from 1 to 50'],
    ['epochs', '0x10', 'epochs must be an integer from 1 to 50'],
  ] as const)('%s = %j → %s', (field, text, expected) => {
    expect(fieldError(field, text)).toBe(expected);
  });

  it('builds the config only when every field is valid', () => {
    expect(toTrainConfig(good, 7)).toEqual({ model: 'cnn', optimizer: 'adam', schedule: 'cosine', augment: true, learningRate: 0.001, batchSize: 64, epochs: 3, seed: 7 });
    const bad = { ...good, batchSize: '2000', epochs: '0' };
    expect(toTrainConfig(bad, 7)).toBeNull();
    expect(Object.keys(fieldErrors(bad)).sort()).toEqual(['batchSize', 'epochs']);
  });
});
