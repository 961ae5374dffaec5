import type { InsideView } from '../../worker/protocol';

export interface InsideSlice {
  /** What the network does with the drawn digit, while the inside view is open; null otherwise. */
  view: InsideView | null;
  /** The 28×28 image `view` was computed from (the saliency is drawn over it). */
  image: Float32Array | null;
}

export const initialInside: InsideSlice = { view: null, image: null };
