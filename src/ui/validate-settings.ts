import type { ModelName, OptimizerName, ScheduleName, TrainConfig } from '../worker/protocol';

/** What the settings form holds: numbers stay text until they are valid. */
export interface SettingsDraft {
  model: ModelName;
  optimizer: OptimizerName;
  schedule: ScheduleName;
  augment: 'off' | 'shift';
  learningRate: string;
  batchSize: string;
  epochs: string;
}

export type NumericField = 'learningRate' | 'batchSize' | 'epochs';
export type FieldErrors = Partial<Record<NumericField, string>>;

export const LIMITS = {
  batchSize: { min: 1, max: 1024 },
  epochs: { min: 1, max: 50 },
} as const;

// Number('') is 0 and Number(' 1 ') is 1; only plain decimal or exponent notation counts.
const NUMBER_TEXT = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parse(text: string): number | null {
  const trimmed = text.trim();
  return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : null;
}

export function learningRateError(text: string): string | null {
  const value = parse(text);
  return value !== null && value > 0 && value <= 1 ? null : 'learning rate must be > 0 and ≤ 1';
}

function integerError(text: string, name: string, min: number, max: number): string | null {
  const value = parse(text);
  return value !== null && Number.isInteger(value) && value >= min && value <= max
    ? null
    : `${name} must be an integer from ${min} to ${max}`;
}

export function fieldError(field: NumericField, text: string): string | null {
  switch (field) {
    case 'learningRate':
      return learningRateError(text);
    case 'batchSize':
      return integerError(text, 'batch size', LIMITS.batchSize.min, LIMITS.batchSize.max);
    case 'epochs':
      return integerError(text, 'epochs', LIMITS.epochs.min, LIMITS.epochs.max);
  }
}

export function fieldErrors(draft: SettingsDraft): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of ['learningRate', 'batchSize', 'epochs'] as const) {
    const error = fieldError(field, draft[field]);
    if (error) errors[field] = error;
  }
  return errors;
}

/** The config the draft describes, or null while any field is invalid. */
export function toTrainConfig(draft: SettingsDraft, seed: number): TrainConfig | null {
  if (Object.keys(fieldErrors(draft)).length > 0) return null;
  return {
    model: draft.model,
    optimizer: draft.optimizer,
    schedule: draft.schedule,
    augment: draft.augment === 'shift',
    learningRate: Number(draft.learningRate.trim()),
    batchSize: Number(draft.batchSize.trim()),
    epochs: Number(draft.epochs.trim()),
    seed,
  };
}
