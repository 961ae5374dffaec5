// What the saved-model list's buttons do. The worker keeps the list (in IndexedDB, beside the
// run); every command answers with the list as it now is, or with why it failed, shown by the list.
import { engine, errorMessage } from '../core/engine-client';
import { showLoadedModel, withPending } from '../training/commands';
import { updatePersistence } from '../core/store';
import type { SavedModel } from '../../worker/protocol';

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
