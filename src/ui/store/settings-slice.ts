import { DEFAULT_SCHEDULE } from '../../worker/protocol';
import type { FieldErrors, SettingsDraft } from '../validate-settings';

export interface SettingsSlice {
  draft: SettingsDraft;
  errors: FieldErrors;
  /** The worker's reason for refusing the last configure(), shown by the form. */
  configError: string | null;
  /** Why the last model file was refused. */
  importError: string | null;
}

export const DEFAULT_DRAFT: SettingsDraft = {
  model: 'cnn',
  optimizer: 'adam',
  schedule: DEFAULT_SCHEDULE,
  augment: 'off',
  learningRate: '0.001',
  batchSize: '64',
  epochs: '3',
};

export const initialSettings: SettingsSlice = { draft: DEFAULT_DRAFT, errors: {}, configError: null, importError: null };
