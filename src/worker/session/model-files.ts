// The model in use as a file: exported, imported (checked before the model in use is touched),
// kept among the saved models, and opened from them.
import { transfer } from 'comlink';
import { decodeModelFile, encodeModelFile, modelLabel } from '../../model/weights-file.ts';
import type { SavedModels } from '../saved-models.ts';
import type { ModelSpec, SavedModel } from '../protocol.ts';
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
    const t = slot.need();
    const file = encodeModelFile(await t.getWeights(), {
      spec: slot.config.model,
      provenance: saver.provenance(t, t.stepsDone, TRAINED_HERE),
    });
    // Moved to the UI thread, not copied.
    return transfer(file.buffer, [file.buffer]);
  }

  async importFile(file: ArrayBuffer, name: string): Promise<{ label: string; model: ModelSpec }> {
    const decoded = decodeModelFile(file, name);
    const config = { ...this.parts.slot.config, model: decoded.meta.spec };
    const label = modelLabel(decoded.meta);
    await this.parts.slot.replace(config, decoded.weights, label);
    this.parts.slot.origin = decoded.meta.provenance;
    return { label, model: decoded.meta.spec };
  }

  async save(name: string): Promise<SavedModel[]> {
    const { slot, saver } = this.parts;
    const t = slot.need();
    const step = t.stepsDone;
    const weights = await t.getWeights();
    return this.models.add(name, slot.config.model, weights, saver.provenance(t, step, TRAINED_HERE));
  }

  /** Makes a saved model the one in use, checked as an imported file is. */
  async open(id: number): Promise<{ label: string; model: ModelSpec }> {
    const { file, name } = await this.models.file(id);
    return this.importFile(file, name);
  }
}
