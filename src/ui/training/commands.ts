// What the buttons and fields do: validate, talk to the engine, record the outcome in the store.
import { engine, errorMessage } from '../core/engine-client';
import { metricsRing } from '../core/metrics-ring';
import { addNotice } from '../core/engine-slice';
import { clearEvaluations, updateEngine, updateSettings, updateTraining, useInkling } from '../core/store';
import { fieldError, fieldErrors, toTrainConfig, type SettingsDraft } from './validate-settings';
import { transfer } from 'comlink';
import { MAX_MODEL_FILE_BYTES } from '../../model/weights-file';
import type { ModelSpec } from '../../model/spec';
import { modelFileName } from '../shared/model-names';
import { downloadFile } from '../shared/download';
import { checkDraft } from '../builder/draft';
import { loadIntoBuilder } from '../builder/commands';
import { memoryProblem } from '../builder/memory';

// Fixed so that two runs with the same settings start from the same weights and batches.
const SEED = 1;

function notifyError(message: string): void {
  const state = useInkling.getState();
  updateEngine(addNotice(state.engine, 'error', message));
}

export async function withPending(action: () => Promise<void>): Promise<void> {
  updateTraining({ pending: true });
  try {
    await action();
  } catch (error) {
    notifyError(errorMessage(error));
  } finally {
    updateTraining({ pending: false });
  }
}

export function setDraftField<K extends keyof SettingsDraft>(field: K, value: SettingsDraft[K]): void {
  const { settings } = useInkling.getState();
  const draft = { ...settings.draft, [field]: value };
  const errors = { ...settings.errors };
  const key: keyof SettingsDraft = field;
  if (key === 'learningRate' || key === 'batchSize' || key === 'epochs') {
    const error = fieldError(key, String(value));
    if (error) errors[key] = error;
    else delete errors[key];
  }
  updateSettings({ draft, errors, configError: null });
}

/** The learning rate also applies to a run in progress. */
export async function commitLearningRate(): Promise<void> {
  const { settings, training } = useInkling.getState();
  const state = training.progress?.state;
  if (settings.errors.learningRate || (state !== 'training' && state !== 'paused')) return;
  try {
    await engine().setLearningRate(Number(settings.draft.learningRate.trim()));
  } catch (error) {
    updateSettings({ errors: { ...useInkling.getState().settings.errors, learningRate: errorMessage(error) } });
  }
}

/**
 * Trains the builder's network from scratch with the form's settings. An invalid network or field
 * is refused here with its message: nothing invalid reaches the worker.
 */
export async function startTraining(): Promise<void> {
  const { settings, builder } = useInkling.getState();
  const { draft } = settings;
  const network = checkDraft(builder.draft);
  if (!network.ok) {
    updateSettings({ configError: network.message });
    return;
  }
  const errors = fieldErrors(draft);
  let config;
  try {
    config = toTrainConfig(draft, SEED, network.spec);
  } catch (error) {
    updateSettings({ configError: errorMessage(error) });
    return;
  }
  if (!config) {
    updateSettings({ errors });
    return;
  }
  const memory = memoryProblem(builder.memory, config);
  if (memory) {
    updateSettings({ configError: memory });
    return;
  }
  await withPending(async () => {
    try {
      await engine().configure(config);
    } catch (error) {
      updateSettings({ configError: errorMessage(error) });
      return;
    }
    updateSettings({ configError: null });
    // configure() builds fresh weights: the shipped model is no longer the one answering.
    updateEngine({ model: config.model, pretrained: null });
    metricsRing.clear();
    clearEvaluations();
    await engine().start();
  });
}

export async function togglePause(): Promise<void> {
  const state = useInkling.getState().training.progress?.state;
  if (state === 'training') await withPending(() => engine().pause());
  else if (state === 'paused') await withPending(() => engine().resume());
}

export async function resetTraining(): Promise<void> {
  await withPending(async () => {
    await engine().reset();
    updateEngine({ pretrained: null });
    metricsRing.clear();
    clearEvaluations();
  });
}

/** Checks the model on the test set now (the worker also does it at every epoch's end). */
export async function evaluateNow(): Promise<void> {
  await withPending(async () => {
    await engine().evaluate();
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
      updateSettings({ importError: errorMessage(error) });
    }
  });
}

/** The engine now runs a model from a file or the saved list: the page follows it. */
export function showLoadedModel({ label, model }: { label: string; model: ModelSpec }): void {
  updateEngine({ model, pretrained: label });
  // The file's network rebuilds the builder, so "Train from scratch" trains it again; a
  // preset's file also sets the preset list to it.
  loadIntoBuilder(model);
  metricsRing.clear();
  clearEvaluations();
}
