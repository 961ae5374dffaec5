import type { EngineEvent, SavedModel } from '../../worker/protocol';

/** How saving goes (the worker keeps the run in IndexedDB), and the saved-model list. */
export interface PersistenceSlice {
  /** The step of the run the last save holds, and when it landed (ms since 1970); null before any. */
  savedStep: number | null;
  savedAt: number | null;
  /** Why saving fails, until a save lands again. */
  problem: string | null;
  models: SavedModel[];
  /** Why the last list command (save, open, rename, delete) failed. */
  modelsError: string | null;
}

export const initialPersistence: PersistenceSlice = { savedStep: null, savedAt: null, problem: null, models: [], modelsError: null };

export function persistenceReduce(slice: PersistenceSlice, event: EngineEvent): PersistenceSlice {
  switch (event.type) {
    case 'saved':
      return { ...slice, savedStep: event.step, savedAt: event.savedAt, problem: null };
    case 'restored':
      return { ...slice, savedStep: event.run.step, savedAt: event.run.savedAt };
    case 'storage-error':
      return { ...slice, problem: event.message };
    default:
      return slice;
  }
}
