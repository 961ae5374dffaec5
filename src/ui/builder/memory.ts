// The builder's GPU memory figure: the worker answers it from the very plan it would allocate
// (nothing is estimated on this side), for the builder's network at the form's batch size and
// optimizer. Asked after a short pause in the edits; an answer for an older network is ignored.
import { DEFAULT_TRAINING, type TrainConfig } from '../../model/config';
import type { ModelSpec } from '../../model/spec';
import type { MemoryReport } from '../../worker/protocol';
import { engine, errorMessage } from '../core/engine-client';
import { updateBuilder, useInkling } from '../core/store';
import { toTrainConfig, type SettingsDraft } from '../training/validate-settings';

/** Edits come in bursts (typing a number); ask once they settle. */
const ASK_AFTER_MS = 150;

export type MemoryAnswer = { key: string; report: MemoryReport } | { key: string; error: string };

/** What the memory depends on: the network, the batch size and the optimizer (Adam keeps two moments, SGD one). */
export function memoryConfig(settings: SettingsDraft, spec: ModelSpec): TrainConfig | null {
  try {
    return toTrainConfig(settings, DEFAULT_TRAINING.seed, spec);
  } catch {
    return null;
  }
}

export function memoryKey(config: TrainConfig): string {
  return JSON.stringify([config.model, config.batchSize, config.optimizer]);
}

let timer: ReturnType<typeof setTimeout> | undefined;

/** Asks the worker for this config's memory, after the edits pause; the answer lands in the builder slice under its key. */
export function requestMemory(config: TrainConfig): void {
  clearTimeout(timer);
  const key = memoryKey(config);
  if (useInkling.getState().builder.memory?.key === key) return;
  timer = setTimeout(() => {
    void engine()
      .planMemory(config)
      .then(
        (report) => ({ key, report }),
        (error: unknown) => ({ key, error: errorMessage(error) }),
      )
      .then((answer: MemoryAnswer) => updateBuilder({ memory: answer }));
  }, ASK_AFTER_MS);
}

/** The engine's refusal of this config's memory, once it has answered for it. */
export function memoryProblem(answer: MemoryAnswer | null, config: TrainConfig | null): string | null {
  if (!answer || !config || answer.key !== memoryKey(config) || !('report' in answer)) return null;
  return answer.report.problem;
}
