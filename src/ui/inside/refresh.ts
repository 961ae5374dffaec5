// Keeps the inside view of the drawn digit current while it is on screen: a new drawing, a new
// model, and (throttled further) the weights moving under training each ask the engine again,
// through the same scheduler as the predictions: one request in flight, the latest image only.
// Off screen (collapsed, scrolled away, tab hidden) nothing is asked and nothing is kept, so the
// engine never builds its plan for a page that does not show it. A choice of class or Grad-CAM
// layer asks again at once.
import { engine } from '../core/engine-client';
import { errorMessage } from '../core/error-message';
import { readsDrawings } from '../core/engine-slice';
import { PredictionScheduler } from '../shared/prediction-scheduler';
import { notify, updateInside, useInkling } from '../core/store';
import { WorkerStoppedError } from '../core/worker-calls';
import type { InsideView } from '../../worker/protocol';
import { DEFAULT_CHOICE, type InsideChoice } from './inside-slice';

/** While drawing: a readback of every activation is heavier than a prediction, so less often. */
const DRAWING_INTERVAL_MS = 250;
/** While training with the pad untouched: the weights move slowly enough that once a second shows it. */
const TRAINING_INTERVAL_MS = 1000;

interface Answer {
  image: Float32Array;
  view: InsideView | null;
}

let shown = false;
let lastTrainingRefresh = -Infinity;

async function inspect(image: Float32Array): Promise<Answer> {
  const { engine: state, inside } = useInkling.getState();
  if (!readsDrawings(state)) return { image, view: null };
  const { target, layer } = inside.choice;
  return { image, view: await engine().inspect(image, { ...(target !== null && { target }), ...(layer !== null && { layer }) }) };
}

const scheduler = new PredictionScheduler<Float32Array, Answer>(
  inspect,
  ({ image, view }) => {
    // Hidden since it was asked: keep nothing.
    if (shown && view) updateInside({ view, image });
  },
  // A worker that stopped is restarted, and the view asked for again once it is ready.
  (error) => void (error instanceof WorkerStoppedError || notify('error', `Inside view failed: ${errorMessage(error)}`)),
  DRAWING_INTERVAL_MS,
);

function forget(): void {
  scheduler.cancel();
  updateInside({ view: null, image: null });
}

/** The view went on or off screen. */
export function setInsideShown(on: boolean): void {
  if (on === shown) return;
  shown = on;
  const preview = useInkling.getState().drawing.preview;
  if (!on) forget();
  else if (preview) scheduler.flush(preview);
}

/** Explain another class or read Grad-CAM at another layer (null: back to the default); asks again at once when shown. */
export function chooseExplained(change: Partial<InsideChoice>): void {
  const choice = { ...useInkling.getState().inside.choice, ...change };
  updateInside({ choice });
  const preview = useInkling.getState().drawing.preview;
  if (shown && preview) scheduler.flush(preview);
}

useInkling.subscribe((s, previous) => {
  // A layer index, or a class, of the last model means nothing to the next.
  if (s.engine.model !== previous.engine.model && s.inside.choice !== DEFAULT_CHOICE) updateInside({ choice: DEFAULT_CHOICE });
  if (!shown) return;
  const preview = s.drawing.preview;
  if (!preview) {
    if (previous.drawing.preview) forget();
    return;
  }
  // The first reader starts reading, or the engine's model takes over from it (ready).
  const readerChanged = readsDrawings(s.engine) && (!readsDrawings(previous.engine) || s.engine.phase !== previous.engine.phase);
  const modelChanged = s.engine.model !== previous.engine.model || readerChanged;
  if (preview !== previous.drawing.preview || modelChanged) {
    scheduler.request(preview);
    return;
  }
  const training = s.training.progress?.state === 'training';
  // And once more when training stops, for the weights it ended with.
  const stopped = !training && previous.training.progress?.state === 'training';
  const due = training && s.training.progress !== previous.training.progress && performance.now() - lastTrainingRefresh >= TRAINING_INTERVAL_MS;
  if (due || stopped) {
    lastTrainingRefresh = performance.now();
    scheduler.request(preview);
  }
});
