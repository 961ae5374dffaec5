import { describe, expect, it } from 'vitest';
import { cellDigits, softmaxRows, topRows } from './ranking.ts';

describe('softmaxRows', () => {
  it('normalises each row and keeps its order', () => {
    const p = softmaxRows(new Float32Array([0, 0, 1000, 1, 2, 3]), 3);
    expect(p[2]).toBeCloseTo(1, 6);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 6);
    expect(p[3] + p[4] + p[5]).toBeCloseTo(1, 6);
    expect(p[5]).toBeCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 6);
  });
});

describe('cellDigits', () => {
  // Four digits, two classes: labels 0, 0, 1, 0; digits 1 and 3 read as 1.
  const probabilities = new Float32Array([0.9, 0.1, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9]);
  const labels = [0, 0, 1, 0];

  it('lists the cell most confident first, with its total', () => {
    expect(cellDigits(probabilities, 2, labels, 0, 1, 10)).toEqual({
      total: 2,
      digits: [
        { index: 3, value: expect.closeTo(0.9, 6) as number },
        { index: 1, value: expect.closeTo(0.7, 6) as number },
      ],
    });
    expect(cellDigits(probabilities, 2, labels, 0, 1, 1).digits.map((d) => d.index)).toEqual([3]);
    expect(cellDigits(probabilities, 2, labels, 1, 0, 10)).toEqual({ total: 0, digits: [] });
  });
});

describe('topRows', () => {
  it('keeps the k largest of one channel, largest first, ties to the first row', () => {
    // Three rows of two channels; channel 1 holds 5, 7, 5.
    const values = new Float32Array([1, 5, 9, 7, 3, 5]);
    expect(topRows(values, 2, 1, 2)).toEqual([
      { index: 1, value: 7 },
      { index: 0, value: 5 },
    ]);
    expect(topRows(values, 2, 0, 9).map((r) => r.index)).toEqual([1, 2, 0]);
  });

  it('names a channel the layer does not have', () => {
    expect(() => topRows(new Float32Array(4), 2, 2, 1)).toThrow('channel 2 is not one of the layer');
  });
});
