import type { InsideView } from '../../worker/protocol';

/** What the user asked the inside view to explain; null takes the engine's default. */
export interface InsideChoice {
  /** The class the saliency and Grad-CAM follow; null: the predicted one. */
  target: number | null;
  /** The layer Grad-CAM reads (an index into the view's layers); null: the last it can read. */
  layer: number | null;
}

export interface InsideSlice {
  /** What the network does with the drawn digit, while the inside view is open; null otherwise. */
  view: InsideView | null;
  /** The 28×28 image `view` was computed from (the saliency is drawn over it). */
  image: Float32Array | null;
  /** Kept while the model stays; a new model starts from the defaults. */
  choice: InsideChoice;
}

export const DEFAULT_CHOICE: InsideChoice = { target: null, layer: null };

export const initialInside: InsideSlice = { view: null, image: null, choice: DEFAULT_CHOICE };
