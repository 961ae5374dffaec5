export interface DrawingSlice {
  /** The 28×28 image the model sees, or null when the pad is empty. */
  preview: Float32Array | null;
  probabilities: Float32Array | null;
}

export const initialDrawing: DrawingSlice = { preview: null, probabilities: null };

/** The most likely class, or null when there is no prediction. */
export function predictedDigit(probabilities: Float32Array | null): number | null {
  if (!probabilities || probabilities.length === 0) return null;
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
  return best;
}
