import { describe, expect, it } from 'vitest';
import { MARGIN, pointAt, toPixels } from './embedding-picture.ts';

describe('the embedding map picture', () => {
  it('puts the unit square inside a margin of the canvas', () => {
    expect(toPixels(0, 0, 200)).toEqual([200 * MARGIN, 200 * MARGIN]);
    const [x, y] = toPixels(1, 0.5, 200);
    expect(x).toBeCloseTo(200 * (1 - MARGIN));
    expect(y).toBeCloseTo(100);
  });

  it('finds the dot under the pointer: the nearest within reach, or none', () => {
    const places = Float32Array.from([0.1, 0.1, 0.5, 0.5, 0.52, 0.5]);
    const [x, y] = toPixels(0.5, 0.5, 300);
    expect(pointAt(places, 300, x, y, 6)).toBe(1);
    expect(pointAt(places, 300, x + 5, y, 6)).toBe(2);
    expect(pointAt(places, 300, 299, 299, 6)).toBe(-1);
  });
});
