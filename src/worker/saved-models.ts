// The user's list of saved models behind the worker boundary: model files (weights, spec and how
// they were made) kept in the same store as the run (see persist/). Every command answers with the
// list as it now is; a store failure is a plain message.
import type { NamedTensors } from '../model/graph.ts';
import { specSummary } from '../model/spec-summary.ts';
import { encodeModelFile, type Provenance } from '../model/weights-file.ts';
import type { RunKeeper } from './persist/run-keeper.ts';
import { checkedModelId, checkedModelName } from './persist/store.ts';
import type { ModelSpec, SavedModel } from './protocol.ts';

export class SavedModels {
  constructor(private readonly keeper: RunKeeper) {}

  list(): Promise<SavedModel[]> {
    return this.keeper.call((s) => s.listModels(), 'The saved models could not be read');
  }

  /** Keeps a model as a file in the list; an empty name gives "<network> · step <n>". */
  async add(name: string, spec: ModelSpec, weights: NamedTensors, provenance: Provenance): Promise<SavedModel[]> {
    const entry = {
      name: checkedModelName(typeof name === 'string' && name.trim() === '' ? `${spec.name} · step ${provenance.steps}` : name),
      summary: specSummary(spec),
      accuracy: Number.isFinite(provenance.testAccuracy) ? provenance.testAccuracy : null,
      steps: provenance.steps,
      savedAt: Date.now(),
    };
    const file = encodeModelFile(weights, { spec, provenance });
    await this.keeper.call((s) => s.addModel(entry, file.buffer), 'The model was not saved');
    return this.list();
  }

  /** A saved model's file, with the name its messages go by ('saved model "…"'). */
  async file(id: number): Promise<{ file: ArrayBuffer; name: string }> {
    const checked = checkedModelId(id);
    const entry = (await this.list()).find((m) => m.id === checked);
    const file = await this.keeper.call((s) => s.modelFile(checked), 'The model could not be opened');
    return { file, name: `saved model "${entry?.name ?? checked}"` };
  }

  async rename(id: number, name: string): Promise<SavedModel[]> {
    await this.keeper.call((s) => s.renameModel(checkedModelId(id), checkedModelName(name)), 'The model was not renamed');
    return this.list();
  }

  async remove(id: number): Promise<SavedModel[]> {
    await this.keeper.call((s) => s.deleteModel(checkedModelId(id)), 'The model was not deleted');
    return this.list();
  }
}
