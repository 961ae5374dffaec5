// Where the worker keeps what outlives the tab: the current run (one record, replaced on every
// save), the settings form, and the saved models (their list apart from their weights, so the
// list reads without loading every model). IndexedDB holds it in the app (idb-store.ts); tests
// hand the session a MemoryStore.
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

/** Keeps everything in memory, structured-cloned as IndexedDB would: for tests. */
export class MemoryStore implements PersistStore {
  private run: unknown;
  private settings: unknown;
  private readonly models = new Map<number, { entry: SavedModel; file: ArrayBuffer }>();
  private nextId = 1;
  private readonly digits = new Map<number, PersonalDigit>();

  loadRun(): Promise<unknown> {
    return Promise.resolve(structuredClone(this.run));
  }
  saveRun(run: RunRecord): Promise<void> {
    this.run = structuredClone(run);
    return Promise.resolve();
  }
  loadSettings(): Promise<unknown> {
    return Promise.resolve(structuredClone(this.settings));
  }
  saveSettings(settings: SavedSettings): Promise<void> {
    this.settings = structuredClone(settings);
    return Promise.resolve();
  }
  listModels(): Promise<SavedModel[]> {
    return Promise.resolve(newestFirst([...this.models.values()].map((m) => ({ ...m.entry }))));
  }
  addModel(entry: Omit<SavedModel, 'id'>, file: ArrayBuffer): Promise<number> {
    const id = this.nextId++;
    this.models.set(id, { entry: { ...entry, id }, file: file.slice(0) });
    return Promise.resolve(id);
  }
  modelFile(id: number): Promise<ArrayBuffer> {
    const m = this.models.get(id);
    return m ? Promise.resolve(m.file.slice(0)) : Promise.reject(noSuchModel(id));
  }
  renameModel(id: number, name: string): Promise<void> {
    const m = this.models.get(id);
    if (!m) return Promise.reject(noSuchModel(id));
    m.entry = { ...m.entry, name };
    return Promise.resolve();
  }
  deleteModel(id: number): Promise<void> {
    if (!this.models.delete(id)) return Promise.reject(noSuchModel(id));
    return Promise.resolve();
  }
  listDigits(): Promise<PersonalDigit[]> {
    return Promise.resolve(structuredClone([...this.digits.values()]));
  }
  addDigits(digits: Omit<PersonalDigit, 'id'>[]): Promise<void> {
    for (const d of structuredClone(digits)) {
      const id = this.nextId++;
      this.digits.set(id, { ...d, id });
    }
    return Promise.resolve();
  }
  deleteDigit(id: number): Promise<void> {
    this.digits.delete(id);
    return Promise.resolve();
  }
}
