// The model in use as a file: exported, imported (checked before the model in use is touched),
// kept among the saved models, and opened from them.
import { transfer } from 'comlink';
import { decodeModelFile, encodeModelFile, modelLabel, recordedAccuracy } from '../../model/weights-file.ts';
import type { SavedModels } from '../saved-models.ts';
import type { LoadedModel, SavedModel } from '../protocol.ts';
import type { SessionParts } from './parts.ts';

/** What a stage of a model's history made in the page says it was. */
const TRAINED_HERE = 'trained in the Inkling app';

export class ModelFiles {
  constructor(
    private readonly parts: SessionParts,
    private readonly models: SavedModels,
  ) {}

  async exportFile(): Promise<ArrayBuffer> {
    const { slot, saver } = this.parts;
    const file = await slot.read(async (t) =>
      encodeModelFile(await t.getWeights(), {
        spec: slot.config.model,
        provenance: saver.provenance(t, t.stepsDone, TRAINED_HERE),
      }),
    );
    // Moved to the UI thread, not copied.
    return transfer(file.buffer, [file.buffer]);
  }

  async importFile(file: ArrayBuffer, name: string): Promise<LoadedModel> {
    const decoded = decodeModelFile(file, name);
    const config = { ...this.parts.slot.config, model: decoded.meta.spec };
    const label = modelLabel(decoded.meta);
    await this.parts.slot.replace(config, decoded.weights, label);
    // The file's figure is a claim about these weights until a test here measures them.
    const recorded = recordedAccuracy(decoded.meta);
    this.parts.keeper.recordedAccuracy = recorded;
    this.parts.slot.origin = decoded.meta.provenance;
    return { label, model: decoded.meta.spec, recordedAccuracy: recorded };
  }

  async save(name: string): Promise<SavedModel[]> {
    const { slot, saver } = this.parts;
    const { spec, weights, provenance } = await slot.read(async (t) => {
      const step = t.stepsDone;
      return { spec: slot.config.model, weights: await t.getWeights(), provenance: saver.provenance(t, step, TRAINED_HERE) };
    });
    return this.models.add(name, spec, weights, provenance);
  }

  /** Makes a saved model the one in use, checked as an imported file is. */
  async open(id: number): Promise<LoadedModel> {
    const { file, name } = await this.models.file(id);
    return this.importFile(file, name);
  }
}
