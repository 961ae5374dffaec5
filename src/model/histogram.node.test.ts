import { describe, expect, it } from 'vitest';
import { checkBins, histogramOf, normOf } from './histogram.ts';

describe('the layer histograms’ binning', () => {
  it('bins over [min, max], max in the last bin, skipping what lies outside the ranges', () => {
    const packed = new Float32Array([0, 1, 2, 3, 99, 99, 4]);
    const h = histogramOf(
      packed,
      [
        { offset: 0, length: 4 },
        { offset: 6, length: 1 },
      ],
      4,
    );
    expect(h).toEqual({ min: 0, max: 4, counts: [1, 1, 1, 2] });
  });

  it('puts every value in the first bin when all are equal', () => {
    expect(histogramOf(new Float32Array([0.5, 0.5, 0.5]), [{ offset: 0, length: 3 }], 8).counts).toEqual([3, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('measures norms over the ranges, of a difference when given one', () => {
    const ranges = [{ offset: 1, length: 2 }];
    expect(normOf(new Float32Array([9, 3, 4]), ranges)).toBe(5);
    expect(normOf(new Float32Array([9, 3, 4]), ranges, new Float32Array([0, 0, 4]))).toBe(3);
  });

  it('refuses a bin count the kernel cannot hold, naming it', () => {
    expect(() => checkBins(0)).toThrow(/bins must be a whole number from 1 to 256, got 0/);
    expect(() => checkBins(257)).toThrow(/got 257/);
  });
});
