// Where the worker keeps what outlives the tab: the current run (one record, replaced on every
// save), the settings form, and the saved models (their list apart from their weights, so the
// list reads without loading every model). IndexedDB holds it in the app (idb-store.ts); tests
// hand the session a MemoryStore (src/testing/memory-store.ts).
import type { PersonalDigit, SavedModel, SavedSettings } from '../protocol.ts';
import type { RunRecord } from './run-record.ts';

export interface PersistStore {
  /** The saved run as stored, unchecked (run-record.ts reads it), or undefined. */
  loadRun(): Promise<unknown>;
  saveRun(run: RunRecord): Promise<void>;
  loadSettings(): Promise<unknown>;
  saveSettings(settings: SavedSettings): Promise<void>;
  /** Newest first. */
  listModels(): Promise<SavedModel[]>;
  /** Stores the entry and its model file; resolves with the new id. */
  addModel(entry: Omit<SavedModel, 'id'>, file: ArrayBuffer): Promise<number>;
  /** The model file of a saved model; rejects naming the id when there is none. */
  modelFile(id: number): Promise<ArrayBuffer>;
  renameModel(id: number, name: string): Promise<void>;
  deleteModel(id: number): Promise<void>;
  /** The personal digit set, oldest first. */
  listDigits(): Promise<PersonalDigit[]>;
  addDigits(digits: Omit<PersonalDigit, 'id'>[]): Promise<void>;
  deleteDigit(id: number): Promise<void>;
}

/** A list entry's name is what the user typed, trimmed: some text, not a page of it. */
export const MAX_MODEL_NAME = 80;

export function checkedModelName(name: unknown): string {
  if (typeof name !== 'string') throw new Error(`a model's name must be text, got ${typeof name}`);
  const trimmed = name.trim();
  if (trimmed === '') throw new Error("a model's name may not be empty");
  if (trimmed.length > MAX_MODEL_NAME) throw new Error(`a model's name may be at most ${MAX_MODEL_NAME} characters; this one has ${trimmed.length}`);
  return trimmed;
}

export function noSuchModel(id: unknown): Error {
  return new Error(`there is no saved model with id ${String(id)} (deleted in another tab?)`);
}

/** List ids are whole numbers; anything else names no model (and would make IndexedDB throw a DataError). */
export function checkedModelId(id: unknown): number {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw noSuchModel(id);
  return id;
}

export function newestFirst(models: SavedModel[]): SavedModel[] {
  return [...models].sort((a, b) => b.savedAt - a.savedAt || b.id - a.id);
}
