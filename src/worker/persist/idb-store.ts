// The app's PersistStore: one IndexedDB database, "inkling", through idb (a thin promise wrapper
// over the raw API). Opened on first use; an open that fails (private mode, storage blocked) is
// tried again on the next call, so storage that comes back is used again.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { PersonalDigit, SavedModel, SavedSettings } from '../protocol.ts';
import type { RunRecord } from './run-record.ts';
import { newestFirst, noSuchModel, type PersistStore } from './store.ts';

export const DB_NAME = 'inkling';
// 2 added the personal digit set.
const DB_VERSION = 2;
const RUN_KEY = 'run';
const SETTINGS_KEY = 'settings';

interface InklingDb extends DBSchema {
  /** The current run and the settings, one record each. */
  app: { key: string; value: unknown };
  models: { key: number; value: SavedModel };
  /** A saved model's file (safetensors), under its entry's id. */
  'model-files': { key: number; value: ArrayBuffer };
  /** The personal digit set: the user's drawings with their labels. */
  digits: { key: number; value: PersonalDigit };
}

export class IdbStore implements PersistStore {
  private db: Promise<IDBPDatabase<InklingDb>> | null = null;

  private open(): Promise<IDBPDatabase<InklingDb>> {
    this.db ??= openDB<InklingDb>(DB_NAME, DB_VERSION, {
      // Each version adds its stores to what an older database already holds.
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          db.createObjectStore('app');
          db.createObjectStore('models', { keyPath: 'id', autoIncrement: true });
          db.createObjectStore('model-files');
        }
        if (oldVersion < 2) db.createObjectStore('digits', { keyPath: 'id', autoIncrement: true });
      },
      // Another tab opens a newer version: let it, and open again on the next call.
      blocking: () => this.close(),
      terminated: () => (this.db = null),
    }).catch((e: unknown) => {
      this.db = null;
      throw e;
    });
    return this.db;
  }

  private close(): void {
    const db = this.db;
    this.db = null;
    void db?.then((d) => d.close()).catch(() => undefined);
  }

  async loadRun(): Promise<unknown> {
    return (await this.open()).get('app', RUN_KEY);
  }

  async saveRun(run: RunRecord): Promise<void> {
    await (await this.open()).put('app', run, RUN_KEY);
  }

  async loadSettings(): Promise<unknown> {
    return (await this.open()).get('app', SETTINGS_KEY);
  }

  async saveSettings(settings: SavedSettings): Promise<void> {
    await (await this.open()).put('app', settings, SETTINGS_KEY);
  }

  async listModels(): Promise<SavedModel[]> {
    return newestFirst(await (await this.open()).getAll('models'));
  }

  async addModel(entry: Omit<SavedModel, 'id'>, file: ArrayBuffer): Promise<number> {
    const tx = (await this.open()).transaction(['models', 'model-files'], 'readwrite');
    // The key path fills the id in; the type wants one.
    const id = await tx.objectStore('models').add(entry as SavedModel);
    await tx.objectStore('model-files').put(file, id);
    await tx.done;
    return id;
  }

  async modelFile(id: number): Promise<ArrayBuffer> {
    const file = await (await this.open()).get('model-files', id);
    if (!file) throw noSuchModel(id);
    return file;
  }

  async renameModel(id: number, name: string): Promise<void> {
    const tx = (await this.open()).transaction('models', 'readwrite');
    const entry = await tx.store.get(id);
    if (!entry) throw noSuchModel(id);
    await tx.store.put({ ...entry, name });
    await tx.done;
  }

  async deleteModel(id: number): Promise<void> {
    const tx = (await this.open()).transaction(['models', 'model-files'], 'readwrite');
    if (!(await tx.objectStore('models').get(id))) throw noSuchModel(id);
    await tx.objectStore('models').delete(id);
    await tx.objectStore('model-files').delete(id);
    await tx.done;
  }

  async listDigits(): Promise<PersonalDigit[]> {
    // Keys grow with each add, so key order is the order they were kept in.
    return (await this.open()).getAll('digits');
  }

  async addDigits(digits: Omit<PersonalDigit, 'id'>[]): Promise<void> {
    const tx = (await this.open()).transaction('digits', 'readwrite');
    // The key path fills the id in; the type wants one.
    await Promise.all([...digits.map((d) => tx.store.add(d as PersonalDigit)), tx.done]);
  }

  async deleteDigit(id: number): Promise<void> {
    await (await this.open()).delete('digits', id);
  }
}
