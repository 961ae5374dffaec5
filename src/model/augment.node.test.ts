import { describe, expect, it } from 'vitest';
import { sampleWarp, sinCos, sourcePoint } from './augment.ts';

describe('augmentation draws and geometry', () => {
  it('sinCos matches Math.sin and Math.cos within 4e-7 up to the 45° limit', () => {
    for (let k = -100; k <= 100; k++) {
      const a = (k / 100) * (Math.PI / 4);
      const [s, c] = sinCos(a);
      expect(Math.abs(s - Math.sin(a))).toBeLessThan(4e-7);
      expect(Math.abs(c - Math.cos(a))).toBeLessThan(4e-7);
    }
  });

  it('warps are exactly (0, 1) when off, and cover ±rotate and 1 ± zoom when on', () => {
    const angles: number[] = [];
    const scales: number[] = [];
    for (let b = 0; b < 500; b++) {
      const [still, one] = sampleWarp(b, 3, 7, 0, 0);
      expect(still === 0 && one === 1).toBe(true);
      const [a, s] = sampleWarp(b, 3, 7, 0.2, 0.1);
      angles.push(a);
      scales.push(s);
    }
    expect(Math.min(...angles)).toBeGreaterThanOrEqual(-0.2);
    expect(Math.max(...angles)).toBeLessThanOrEqual(0.2);
    expect(Math.min(...angles)).toBeLessThan(-0.19);
    expect(Math.max(...angles)).toBeGreaterThan(0.19);
    expect(Math.min(...scales)).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...scales)).toBeLessThanOrEqual(1.1);
    // The angle and the scale come from different bits of the hash: not tied together.
    const tied = angles.filter((a, i) => Math.sign(a) === Math.sign(scales[i] - 1)).length;
    expect(tied).toBeGreaterThan(200);
    expect(tied).toBeLessThan(300);
  });

  it('without a warp, a source point is the pixel less the shift, in whole pixels', () => {
    expect(sourcePoint(5, 9, 28, 28, [2, -1], [0, 1])).toEqual([3, 10]);
  });

  it('a warp turns and scales about the centre: the centre stays, distances shrink by the scale', () => {
    const centre = sourcePoint(13.5, 13.5, 28, 28, [0, 0], [0.3, 1.2]);
    expect(centre[0]).toBeCloseTo(13.5, 12);
    expect(centre[1]).toBeCloseTo(13.5, 12);
    // An output point 6 px right of the centre reads 5 px from it (scale 1.2), turned back by 0.3 rad.
    const [x, y] = sourcePoint(19.5, 13.5, 28, 28, [0, 0], [0.3, 1.2]);
    expect(Math.hypot(x - 13.5, y - 13.5)).toBeCloseTo(5, 5);
    expect(Math.atan2(y - 13.5, x - 13.5)).toBeCloseTo(-0.3, 5);
  });
});
