import { describe, expect, it } from 'vitest';
import { preset } from '../../model/presets';
import { readSettings, settingsRecord } from './saved-settings';
import { DEFAULT_DRAFT } from './settings-slice';

describe('saved settings', () => {
  it('the form and the network read back as they were, numbers still as typed', () => {
    const draft = { ...DEFAULT_DRAFT, model: 'cnn', optimizer: 'sgd' as const, learningRate: '0.01 ', epochs: '3' };
    const back = readSettings(structuredClone(settingsRecord(draft, preset('cnn'), 'wasm')));
    expect(back).toEqual({ draft, network: preset('cnn'), engine: 'wasm' });
    expect(readSettings(settingsRecord(draft, null))).toEqual({ draft, network: null, engine: null });
  });

  it('a record that is not one leaves the form alone; a network that no longer parses is dropped', () => {
    expect(readSettings(null)).toBeNull();
    expect(readSettings({ ...DEFAULT_DRAFT, optimizer: 'rmsprop' })).toBeNull();
    expect(readSettings({ ...DEFAULT_DRAFT, model: 'no-such-preset' })).toBeNull();
    const withoutEpochs: Record<string, string> = { ...DEFAULT_DRAFT };
    delete withoutEpochs.epochs;
    expect(readSettings(withoutEpochs)).toBeNull();
    expect(readSettings({ ...DEFAULT_DRAFT, network: '{"layers": []}' })).toEqual({ draft: DEFAULT_DRAFT, network: null, engine: null });
    expect(readSettings({ ...DEFAULT_DRAFT, engine: 'tpu' })?.engine).toBeNull();
  });
});
