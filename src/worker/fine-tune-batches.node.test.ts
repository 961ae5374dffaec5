import { describe, expect, it } from 'vitest';
import { FINE_TUNE_IMAGES, fineTuneBatches } from './fine-tune-batches.ts';
import { LIMITS } from '../model/config.ts';

describe('fineTuneBatches', () => {
  it("keeps the model's own batch between the bounds, and sees 1,280 images", () => {
    expect(fineTuneBatches(64)).toEqual({ batchSize: 64, steps: 20 });
    expect(fineTuneBatches(32)).toEqual({ batchSize: 32, steps: 40 });
    expect(fineTuneBatches(128)).toEqual({ batchSize: 128, steps: 10 });
  });

  it('cuts a large batch to steps that still learn, and gathers a tiny one into fewer steps', () => {
    expect(fineTuneBatches(1024)).toEqual({ batchSize: 128, steps: 10 });
    expect(fineTuneBatches(129)).toEqual({ batchSize: 128, steps: 10 });
    expect(fineTuneBatches(1)).toEqual({ batchSize: 32, steps: 40 });
    expect(fineTuneBatches(16)).toEqual({ batchSize: 32, steps: 40 });
  });

  it('sees about the same images at every batch the settings allow: the time does not grow with the batch', () => {
    for (let batch = LIMITS.batchSize.min; batch <= LIMITS.batchSize.max; batch++) {
      const { batchSize, steps } = fineTuneBatches(batch);
      expect(Math.abs(batchSize * steps - FINE_TUNE_IMAGES), `batch ${batch}`).toBeLessThanOrEqual(batchSize / 2);
      expect(steps, `batch ${batch}`).toBeGreaterThanOrEqual(10);
      expect(steps, `batch ${batch}`).toBeLessThanOrEqual(40);
    }
  });

  it('refuses a batch that is not one', () => {
    expect(() => fineTuneBatches(0)).toThrow('a batch size is a whole number from 1, got 0');
    expect(() => fineTuneBatches(2.5)).toThrow('got 2.5');
  });
});
