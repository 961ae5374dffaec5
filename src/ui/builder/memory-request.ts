// Asks the worker for the builder's memory figure (see memory.ts) after a short pause in the
// edits; an answer for an older network is kept under its own key, so it is never shown for this one.
import type { TrainConfig } from '../../model/config';
import { engine } from '../core/engine-client';
import { errorMessage } from '../core/error-message';
import { updateBuilder, useInkling } from '../core/store';
import { memoryKey, type MemoryAnswer } from './memory';
import type { EngineKind } from '../../worker/protocol';

/** Edits come in bursts (typing a number); ask once they settle. */
const ASK_AFTER_MS = 150;

let timer: ReturnType<typeof setTimeout> | undefined;

/** Asks the worker for this config's memory, after the edits pause; the answer lands in the builder slice under its key. */
export function requestMemory(config: TrainConfig, kind: EngineKind | null): void {
  clearTimeout(timer);
  const key = memoryKey(config, kind);
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
