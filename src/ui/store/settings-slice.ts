import { DEFAULT_TRAINING } from '../../model/config';
import { DEFAULT_PRESET } from '../../model/presets';
import type { EngineEvent } from '../../worker/protocol';
import { presetOf } from '../models';
import type { FieldErrors, SettingsDraft } from '../validate-settings';

export interface SettingsSlice {
  draft: SettingsDraft;
  errors: FieldErrors;
  /** The worker's reason for refusing the last configure(), shown by the form. */
  configError: string | null;
  /** Why the last model file was refused. */
  importError: string | null;
}

/** The engine's defaults (DEFAULT_TRAINING), as the form holds them: numbers as text. */
export const DEFAULT_DRAFT: SettingsDraft = {
  model: DEFAULT_PRESET,
  optimizer: DEFAULT_TRAINING.optimizer,
  schedule: DEFAULT_TRAINING.schedule,
  augment: DEFAULT_TRAINING.augment ? 'shift' : 'off',
  learningRate: String(DEFAULT_TRAINING.learningRate),
  batchSize: String(DEFAULT_TRAINING.batchSize),
  epochs: String(DEFAULT_TRAINING.epochs),
};

export const initialSettings: SettingsSlice = { draft: DEFAULT_DRAFT, errors: {}, configError: null, importError: null };

/** When the engine opens with a preset, the form offers that one to train again. */
export function settingsReduce(slice: SettingsSlice, event: EngineEvent): SettingsSlice {
  if (event.type !== 'ready') return slice;
  const p = presetOf(event.model);
  return p && p.spec.name !== slice.draft.model ? { ...slice, draft: { ...slice.draft, model: p.spec.name } } : slice;
}
