// A PersistStore that keeps everything in memory, for tests: the session, the shelf of saved
// models and the personal set run against it as against IndexedDB.
import { newestFirst, noSuchModel, type PersistStore } from '../worker/persist/store.ts';
import type { RunRecord } from '../worker/persist/run-record.ts';
import type { PersonalDigit, SavedModel, SavedSettings } from '../worker/protocol.ts';

/** Keeps everything in memory, structured-cloned as IndexedDB would. */
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
