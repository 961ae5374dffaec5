// What the model file's and the saved-model list's buttons do. The worker keeps the list (in
// IndexedDB, beside the run); every list command answers with the list as it now is, or with why
// it failed, shown by the list. A model opened from a file or the list becomes the one in use.
import { transfer } from 'comlink';
import { MAX_MODEL_FILE_BYTES } from '../../model/weights-file';
import type { LoadedModel, SavedModel } from '../../worker/protocol';
import { loadIntoBuilder } from '../builder/commands';
import { engine } from '../core/engine-client';
import { errorMessage } from '../core/error-message';
import { recordedClaim } from '../core/engine-slice';
import { metricsRing } from '../core/metrics-ring';
import { withPending } from '../core/pending';
import { WorkerStoppedError } from '../core/worker-calls';
import { clearEvaluations, updateEngine, updatePersistence, updateSettings, useInkling } from '../core/store';
import { downloadFile } from '../shared/download';
import { modelFileName } from '../shared/model-names';

async function listCommand(command: () => Promise<SavedModel[]>): Promise<boolean> {
  try {
    updatePersistence({ models: await command(), modelsError: null });
    return true;
  } catch (error) {
    updatePersistence({ modelsError: errorMessage(error) });
    return false;
  }
}

export function refreshModels(): Promise<boolean> {
  return listCommand(() => engine().listModels());
}

/** Saves the model in use; an empty name lets the worker name it after its network and step. */
export function saveCurrentModel(name: string): Promise<boolean> {
  return listCommand(() => engine().saveModel(name));
}

export function renameSavedModel(id: number, name: string): Promise<boolean> {
  return listCommand(() => engine().renameModel(id, name));
}

export function deleteSavedModel(id: number): Promise<boolean> {
  return listCommand(() => engine().deleteModel(id));
}

/** Makes a saved model the one in use (training stops, as for an imported file). */
export async function openSavedModel(id: number): Promise<void> {
  await withPending(async () => {
    try {
      showLoadedModel(await engine().openModel(id));
      updatePersistence({ modelsError: null });
    } catch (error) {
      updatePersistence({ modelsError: errorMessage(error) });
    }
  });
}

/** Downloads the current model as a safetensors file that carries its network. */
export async function exportModel(): Promise<void> {
  await withPending(async () => {
    downloadFile(await engine().exportModel(), modelFileName(useInkling.getState().engine.model), 'application/octet-stream');
  });
}

/**
 * Loads a model file; a bad one is refused with the reason and the current model stays. An
 * oversized file is refused before it is read; the worker parses the rest, off this thread.
 */
export async function importModel(file: File): Promise<void> {
  updateSettings({ importError: null });
  if (file.size > MAX_MODEL_FILE_BYTES) {
    updateSettings({
      importError: `${file.name} is ${(file.size / 2 ** 20).toFixed(0)} MiB, over the ${MAX_MODEL_FILE_BYTES / 2 ** 20} MiB a model file may be`,
    });
    return;
  }
  await withPending(async () => {
    try {
      const bytes = await file.arrayBuffer();
      showLoadedModel(await engine().importModel(transfer(bytes, [bytes]), file.name));
    } catch (error) {
      // The restarted worker brings back the run as last saved, which the header then names.
      updateSettings({ importError: error instanceof WorkerStoppedError ? `${file.name} was not imported: ${error.message}` : errorMessage(error) });
    }
  });
}

/** The engine now runs a model from a file or the saved list: the page follows it. */
export function showLoadedModel({ label, model, recordedAccuracy }: LoadedModel): void {
  updateEngine({ model, pretrained: label, recorded: recordedClaim(label, recordedAccuracy) });
  // The file's network rebuilds the builder, so "Train from scratch" trains it again; a
  // preset's file also sets the preset list to it.
  loadIntoBuilder(model);
  metricsRing.clear();
  clearEvaluations();
}
