// How a fine-tune's images are cut into steps. Its cost is in images: a software GPU spends its
// time per image, so 1,280 images take about as long whatever the batch. The batch is the model's
// own (its pipelines are compiled, its batch statistics alike) only between two bounds:
// - above MAX_BATCH, 1,280 images are one or two steps: Adam moves each weight by about the rate
//   per step, far too little to learn a style from in one, and the throwaway trainer would hold
//   a second copy of the model's training memory at that batch;
// - below MIN_BATCH, per-step work (dispatches, uniforms, submits) takes over: at batch 1, 1,280
//   steps, and batch norm's statistics of a single image.
// Outside them the fine-tune's trainer compiles its pipelines for the bound, once. Measured with
// cnn-bn on SwiftShader (2 busy cores), 1,280 images (1,024 at batch 1,024) took: batch 1,024 ×
// 1 step 39.7 s, 128 × 10 31.4 s, 64 × 20 38.0 s, 16 × 80 59.8 s.

/** Images a fine-tune trains on: seconds on a GPU, under a minute on a software one. */
export const FINE_TUNE_IMAGES = 1280;
const MIN_BATCH = 32;
const MAX_BATCH = 128;

export interface FineTuneBatches {
  batchSize: number;
  steps: number;
}

/** The batch size and step count of a fine-tune of a model trained at `modelBatch`. */
export function fineTuneBatches(modelBatch: number): FineTuneBatches {
  if (!Number.isInteger(modelBatch) || modelBatch < 1) throw new Error(`a batch size is a whole number from 1, got ${modelBatch}`);
  const batchSize = Math.min(MAX_BATCH, Math.max(MIN_BATCH, modelBatch));
  return { batchSize, steps: Math.max(1, Math.round(FINE_TUNE_IMAGES / batchSize)) };
}
