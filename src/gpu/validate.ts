// Settings are checked before any GPU work; each message names the field and the rule.
import { MODEL_NAMES, OPTIMIZER_NAMES, SCHEDULE_NAMES, type TrainConfig } from '../worker/protocol.ts';

export const LIMITS = { batchMax: 1024, epochsMax: 50, lrMax: 1 } as const;

export function validateConfig(c: TrainConfig, trainCount: number): void {
  if (!(MODEL_NAMES as readonly string[]).includes(c.model)) throw new Error(`unknown model "${c.model}": choose one of ${MODEL_NAMES.join(', ')}`);
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(c.optimizer)) {
    throw new Error(`unknown optimizer "${c.optimizer}": choose one of ${OPTIMIZER_NAMES.join(', ')}`);
  }
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1) throw new Error(`batch size must be a whole number ≥ 1, got ${c.batchSize}`);
  if (c.batchSize > Math.min(LIMITS.batchMax, trainCount)) {
    throw new Error(`batch size ${c.batchSize} is larger than ${Math.min(LIMITS.batchMax, trainCount)} (the limit for ${trainCount} training images)`);
  }
  if (!Number.isFinite(c.learningRate) || c.learningRate <= 0 || c.learningRate > LIMITS.lrMax) {
    throw new Error(`learning rate must be > 0 and ≤ ${LIMITS.lrMax}, got ${c.learningRate}`);
  }
  if (!Number.isInteger(c.epochs) || c.epochs < 1 || c.epochs > LIMITS.epochsMax) {
    throw new Error(`epochs must be a whole number from 1 to ${LIMITS.epochsMax}, got ${c.epochs}`);
  }
  if (!Number.isInteger(c.seed) || c.seed < 0 || c.seed > 0xffffffff) throw new Error(`seed must be a whole number from 0 to 4294967295, got ${c.seed}`);
  if (c.schedule !== undefined && !(SCHEDULE_NAMES as readonly string[]).includes(c.schedule)) {
    throw new Error(`unknown learning-rate schedule "${c.schedule}": choose one of ${SCHEDULE_NAMES.join(', ')}`);
  }
  if (c.steps !== undefined && (!Number.isInteger(c.steps) || c.steps < 1)) throw new Error(`steps must be a whole number ≥ 1, got ${c.steps}`);
  if (c.augment !== undefined && typeof c.augment !== 'boolean') throw new Error(`augment must be true or false, got ${String(c.augment)}`);
}
