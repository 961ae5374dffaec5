// What the personal set's panel shows, as pure functions: the fine-tune's status line and a
// digit's thumbnail.
import type { FineTuneProgress } from '../../worker/protocol';
import type { Picture } from '../shared/picture';

/** One line for the fine-tune: it ends with "done" once the model has learned and been tested. */
export function fineTuneStatus(p: FineTuneProgress | null): string {
  if (!p) return '';
  switch (p.phase) {
    case 'measuring':
      return 'Reading your digits and the test set before…';
    case 'training':
      return `Learning your handwriting: step ${p.step} of ${p.steps}`;
    case 'testing':
      return 'Testing again…';
    case 'done':
      return `${p.report ? `Learned in ${p.report.trainingSeconds.toFixed(0)} s (${p.report.seconds.toFixed(0)} s with the tests), ` : ''}done`;
    case 'failed':
      return `Not learned: ${p.message ?? 'unknown error'}`;
  }
}

/** Whether a fine-tune is under way (its buttons wait). */
export function fineTuneRunning(p: FineTuneProgress | null): boolean {
  return p !== null && p.phase !== 'done' && p.phase !== 'failed';
}

/** A 28×28 digit as the model sees it (and as the "what the model sees" view shows it): white ink on black. */
export function digitPicture(pixels: Uint8Array, side = 28): Picture {
  const rgba = new Uint8ClampedArray(side * side * 4);
  for (let i = 0; i < side * side; i++) rgba.set([pixels[i], pixels[i], pixels[i], 255], i * 4);
  return { width: side, height: side, rgba };
}
