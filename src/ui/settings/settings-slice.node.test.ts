import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING } from '../../model/config';
import { DEFAULT_PRESET } from '../../model/presets';
import { initialSettings } from './settings-slice';

describe('settings slice', () => {
  it('settings: the form starts on the quick default preset with the engine defaults', () => {
    expect(initialSettings.draft.model).toBe(DEFAULT_PRESET);
    expect(initialSettings.draft.epochs).toBe(String(DEFAULT_TRAINING.epochs));
  });
});
