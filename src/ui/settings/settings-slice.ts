import { DEFAULT_TRAINING } from '../../model/config';
import { DEFAULT_PRESET } from '../../model/presets';
import type { EngineKind } from '../../worker/protocol';
import type { FieldErrors, SettingsDraft } from './validate-settings';

export interface SettingsSlice {
  draft: SettingsDraft;
  errors: FieldErrors;
  /** The worker's reason for refusing the last configure(), shown by the form. */
  configError: string | null;
  /** Why the last model file was refused. */
  importError: string | null;
  /** The engine the user chose last (kept with the settings; the next page opens on it); null: none chosen. */
  engine: EngineKind | null;
}

/**
 * The engine's defaults (DEFAULT_TRAINING), as the form holds them: numbers as text. The form
 * starts on the quick default preset whatever model the page opened with: the pretrained reader is
 * the most accurate (and slowest) network, while "Train from scratch" should be quick.
 */
export const DEFAULT_DRAFT: SettingsDraft = {
  model: DEFAULT_PRESET,
  optimizer: DEFAULT_TRAINING.optimizer,
  schedule: DEFAULT_TRAINING.schedule,
  augment: DEFAULT_TRAINING.augment ? 'shift' : 'off',
  learningRate: String(DEFAULT_TRAINING.learningRate),
  batchSize: String(DEFAULT_TRAINING.batchSize),
  epochs: String(DEFAULT_TRAINING.epochs),
};

export const initialSettings: SettingsSlice = { draft: DEFAULT_DRAFT, errors: {}, configError: null, importError: null, engine: null };
