import { describe, expect, it } from 'vitest';
import { predictedDigit } from './drawing-slice';

describe('drawing slice', () => {
  it('predicted digit is the most likely class', () => {
    expect(predictedDigit(null)).toBeNull();
    expect(predictedDigit(new Float32Array([0.1, 0.2, 0.6, 0.1]))).toBe(2);
  });
});
