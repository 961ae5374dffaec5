// From ink on the pad to a prediction: preprocess to 28×28 (what MNIST looks like), show it,
// and ask the engine, throttled so that drawing stays smooth and the worker is never flooded.
import { preprocessDigit } from '../../data/preprocess';
import { engine } from '../core/engine-client';
import { errorMessage } from '../core/error-message';
import { readsDrawings } from '../core/engine-slice';
import { PredictionScheduler } from '../shared/prediction-scheduler';
import { notify, updateDrawing, useInkling } from '../core/store';
import { WorkerStoppedError } from '../core/worker-calls';

/** Reads the pad when a request is actually sent, not on every pointer move. */
export type InkReader = () => { ink: Uint8ClampedArray; width: number; height: number };

const PREDICT_INTERVAL_MS = 100;

// The ink drawn so far, kept to predict it once the engine reads drawings.
let lastReader: InkReader | null = null;

async function predictFrom(read: InkReader): Promise<Float32Array | null> {
  const { ink, width, height } = read();
  const image = preprocessDigit(ink, width, height);
  updateDrawing({ preview: image });
  if (!image || !readsDrawings(useInkling.getState().engine)) return null;
  return engine().predict(image);
}

const scheduler = new PredictionScheduler<InkReader, Float32Array | null>(
  predictFrom,
  (probabilities) => updateDrawing({ probabilities }),
  // A worker that stopped is restarted, and the drawing is read again once it is ready.
  (error) => void (error instanceof WorkerStoppedError || notify('error', `Prediction failed: ${errorMessage(error)}`)),
  PREDICT_INTERVAL_MS,
);

// Read again when the engine starts reading drawings, when it becomes ready (its model takes over
// from the first reader) and when the model in use changes, so the answer shown is that model's.
useInkling.subscribe(({ engine: now }, { engine: before }) => {
  const changed = !readsDrawings(before) || before.phase !== now.phase || now.model !== before.model || now.pretrained !== before.pretrained;
  if (readsDrawings(now) && changed && lastReader) scheduler.flush(lastReader);
});

export function inkChanged(read: InkReader): void {
  lastReader = read;
  scheduler.request(read);
}

export function strokeEnded(read: InkReader): void {
  lastReader = read;
  scheduler.flush(read);
}

export function drawingCleared(): void {
  lastReader = null;
  scheduler.cancel();
  updateDrawing({ preview: null, probabilities: null });
}

type PadPainter = (pixels: Uint8Array) => void;
let painter: PadPainter | null = null;

/** The pad registers how to paint a 28×28 image on itself (see showTestDigit). */
export function onTestDigit(paint: PadPainter | null): void {
  painter = paint;
}

/**
 * Puts a test digit (28×28 bytes) on the pad: it is painted there, so more strokes add to it, and it
 * is what the model sees as it is, without preprocessing, since MNIST's digits are already centred.
 */
export function showTestDigit(pixels: Uint8Array): void {
  lastReader = null;
  scheduler.cancel();
  painter?.(pixels);
  const image = Float32Array.from(pixels, (v) => v / 255);
  updateDrawing({ preview: image, probabilities: null });
  if (!readsDrawings(useInkling.getState().engine)) return;
  engine()
    .predict(image)
    .then(
      (probabilities) => {
        // A stroke since then has its own prediction.
        if (useInkling.getState().drawing.preview === image) updateDrawing({ probabilities });
      },
      (error: unknown) => notify('error', `Prediction failed: ${errorMessage(error)}`),
    );
}
