// What the training form's buttons and fields do: validate, talk to the engine, record the outcome in the store.
import { checkDraft } from '../builder/draft';
import { memoryProblem } from '../builder/memory';
import { engine } from '../core/engine-client';
import { errorMessage } from '../core/error-message';
import { metricsRing } from '../core/metrics-ring';
import { withPending } from '../core/pending';
import { clearEvaluations, updateEngine, updateSettings, updateTraining, useInkling } from '../core/store';
import { fieldError, fieldErrors, toTrainConfig, type SettingsDraft } from '../settings/validate-settings';

// Fixed so that two runs with the same settings start from the same weights and batches.
const SEED = 1;

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
  const { settings, builder, engine: state } = useInkling.getState();
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
  const memory = memoryProblem(builder.memory, config, state.kind);
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
  if (state === 'training') {
    // Said at once: the steps already queued on the device land before training stops.
    updateTraining({ pausing: true });
    await withPending(() => engine().pause(), 'Pausing');
    updateTraining({ pausing: false });
  } else if (state === 'paused') await withPending(() => engine().resume(), 'Resuming');
}

export async function resetTraining(): Promise<void> {
  await withPending(async () => {
    await engine().reset();
    updateEngine({ pretrained: null });
    metricsRing.clear();
    clearEvaluations();
  }, 'The reset');
}

/** Checks the model on the test set now (the worker also does it at every epoch's end). */
export async function evaluateNow(): Promise<void> {
  await withPending(async () => {
    await engine().evaluate();
  }, 'The test');
}
