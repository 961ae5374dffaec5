// The builder's GPU memory figure: the worker answers it from the very plan it would allocate
// (nothing is estimated on this side), for the builder's network at the form's batch size and
// optimizer. What an answer is and which network it belongs to; asking is memory-request.ts.
import { DEFAULT_TRAINING, type TrainConfig } from '../../model/config';
import type { ModelSpec } from '../../model/spec';
import type { EngineKind, MemoryReport } from '../../worker/protocol';
import { toTrainConfig, type SettingsDraft } from '../settings/validate-settings';

export type MemoryAnswer = { key: string; report: MemoryReport } | { key: string; error: string };

/** What the memory depends on: the network, the batch size and the optimizer (Adam keeps two moments, SGD one). */
export function memoryConfig(settings: SettingsDraft, spec: ModelSpec): TrainConfig | null {
  try {
    return toTrainConfig(settings, DEFAULT_TRAINING.seed, spec);
  } catch {
    return null;
  }
}

/** Which answer this is: the network, batch size and optimizer, on the engine that planned it (a switch of engine asks again). */
export function memoryKey(config: TrainConfig, engine: EngineKind | null): string {
  return JSON.stringify([config.model, config.batchSize, config.optimizer, engine]);
}

/** The engine's refusal of this config's memory, once it has answered for it. */
export function memoryProblem(answer: MemoryAnswer | null, config: TrainConfig | null, engine: EngineKind | null): string | null {
  if (!answer || !config || answer.key !== memoryKey(config, engine) || !('report' in answer)) return null;
  return answer.report.problem;
}
