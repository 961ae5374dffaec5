// The settings form's checks: the rules and limits are the engine's own (src/model/config.ts);
// what is the form's is reading numbers from text.
import {
  AUGMENT_MODES,
  batchSizeOk,
  batchSizeRule,
  epochsOk,
  epochsRule,
  learningRateOk,
  learningRateRule,
  type AugmentMode,
  type OptimizerName,
  type ScheduleName,
  type TrainConfig,
} from '../../model/config';
import { preset } from '../../model/presets';
import type { ModelSpec } from '../../model/spec';
import { parseNumberText } from '../shared/number-text';

/** What the settings form holds: numbers stay text until they are valid. */
export interface SettingsDraft {
  /** The preset the network builder started from. */
  model: string;
  optimizer: OptimizerName;
  schedule: ScheduleName;
  augment: AugmentMode;
  learningRate: string;
  batchSize: string;
  epochs: string;
}

export type NumericField = 'learningRate' | 'batchSize' | 'epochs';
export type FieldErrors = Partial<Record<NumericField, string>>;

const RULES: Record<NumericField, { ok: (v: number) => boolean; rule: string }> = {
  learningRate: { ok: learningRateOk, rule: learningRateRule },
  batchSize: { ok: batchSizeOk, rule: batchSizeRule },
  epochs: { ok: epochsOk, rule: epochsRule },
};

export function fieldError(field: NumericField, text: string): string | null {
  const value = parseNumberText(text);
  const { ok, rule } = RULES[field];
  return value !== null && ok(value) ? null : rule;
}

export function fieldErrors(draft: SettingsDraft): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of ['learningRate', 'batchSize', 'epochs'] as const) {
    const error = fieldError(field, draft[field]);
    if (error) errors[field] = error;
  }
  return errors;
}

/**
 * The config the draft describes, training `model` (the builder's network; by default the draft's
 * preset); null while any field is invalid. Throws naming the choices if the draft names no preset.
 */
export function toTrainConfig(draft: SettingsDraft, seed: number, model?: ModelSpec): TrainConfig | null {
  if (Object.keys(fieldErrors(draft)).length > 0) return null;
  return {
    model: model ?? preset(draft.model),
    optimizer: draft.optimizer,
    schedule: draft.schedule,
    ...AUGMENT_MODES[draft.augment],
    learningRate: Number(draft.learningRate.trim()),
    batchSize: Number(draft.batchSize.trim()),
    epochs: Number(draft.epochs.trim()),
    seed,
  };
}
