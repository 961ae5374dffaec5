// What the personal set's buttons do: teach the drawn digit, remove one, export and import the
// set, and fine-tune on it. The worker keeps the set; every command answers with it as it now is.
import { transfer } from 'comlink';
import { MAX_DIGIT_FILE_BYTES } from '../../data/personal-file';
import { downloadFile } from '../shared/download';
import { engine } from '../core/engine-client';
import { errorMessage } from '../core/error-message';
import { WorkerStoppedError } from '../core/worker-calls';
import { fineTuneRunning } from './personal-view';
import { metricsRing } from '../core/metrics-ring';
import { clearEvaluations, updateEngine, updatePersonal, useInkling } from '../core/store';
import type { PersonalDigit } from '../../worker/protocol';

async function setCommand(command: () => Promise<PersonalDigit[]>): Promise<boolean> {
  try {
    updatePersonal({ digits: await command(), error: null });
    return true;
  } catch (error) {
    updatePersonal({ error: errorMessage(error) });
    return false;
  }
}

export function refreshDigits(): Promise<boolean> {
  return setCommand(() => engine().listDigits());
}

/** Keeps the drawing on the pad, as the model sees it, under the label the user gives. */
export function teachDigit(label: number): Promise<boolean> {
  const image = useInkling.getState().drawing.preview;
  if (!image) return Promise.resolve(false);
  return setCommand(() => engine().addDigit(image, label));
}

export function removeDigit(id: number): Promise<boolean> {
  return setCommand(() => engine().removeDigit(id));
}

export async function exportDigits(): Promise<void> {
  try {
    downloadFile(await engine().exportDigits(), 'my-digits.json', 'application/json');
  } catch (error) {
    updatePersonal({ error: errorMessage(error) });
  }
}

/** Adds a set file's digits; a bad file is refused with the reason, the set untouched. */
export async function importDigits(file: File): Promise<boolean> {
  if (file.size > MAX_DIGIT_FILE_BYTES) {
    updatePersonal({ error: `${file.name} is not a digit set: it is ${file.size} bytes, over the ${MAX_DIGIT_FILE_BYTES} a set may be` });
    return false;
  }
  const bytes = await file.arrayBuffer();
  return setCommand(() => engine().importDigits(transfer(bytes, [bytes]), file.name));
}

/** Fine-tunes the model in use on the set; progress and the report arrive as events. */
export async function learnMyHandwriting(): Promise<void> {
  updatePersonal({ error: null });
  try {
    const report = await engine().fineTune();
    updateEngine({ pretrained: report.label });
  } catch (error) {
    const { fineTune } = useInkling.getState().personal;
    // A worker that stopped says nothing more: the run ends here, said as not learned, and the button is free again.
    if (error instanceof WorkerStoppedError && fineTuneRunning(fineTune)) {
      updatePersonal({ fineTune: { phase: 'failed', step: fineTune?.step ?? 0, steps: fineTune?.steps ?? 0, report: null, message: error.message } });
      return;
    }
    // A run that started says why in its 'finetune' event; a refusal before it (no digits) is said here.
    if (!fineTune?.message) updatePersonal({ error: errorMessage(error) });
  }
}

/** The fine-tuned weights are a new model from there on: its charts start again, as for an imported one. */
useInkling.subscribe((state, previous) => {
  if (state.personal.fineTune?.phase === 'testing' && previous.personal.fineTune?.phase !== 'testing') {
    metricsRing.clear();
    clearEvaluations();
  }
});
