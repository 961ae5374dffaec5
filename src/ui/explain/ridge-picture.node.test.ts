import { describe, expect, it } from 'vitest';
import { ridgeOutlines, valueRange } from './ridge-picture';

const FRAME = { width: 101, height: 61, peak: 20, left: 0, top: 20 };

describe('the ridge picture', () => {
  it('shares one value axis over the run and puts each later ridge lower down', () => {
    const early = { min: -1, max: 1, counts: [1, 3] };
    const late = { min: 0, max: 3, counts: [2, 2, 4] };
    expect(valueRange([early, late])).toEqual({ min: -1, max: 3 });
    const [a, b] = ridgeOutlines([early, late], FRAME);
    expect(a.base).toBeCloseTo(20);
    expect(b.base).toBeCloseTo(60, 2);
    // The early ridge spans [-1, 1] of [-1, 3]: the left half; its tallest bin reaches the peak.
    expect(a.points[0]).toEqual([0, a.base]);
    expect(a.points.at(-1)![0]).toBeCloseTo(50);
    expect(a.points[2][1]).toBeCloseTo(a.base - 20);
    // Each bin's point sits at the bin's middle.
    expect(b.points[1][0]).toBeCloseTo(((0.5 + 1) / 4) * 100);
    expect(b.points[1][1]).toBeCloseTo(b.base - 10, 2);
  });

  it('draws one ridge of equal values on the base line, with room on both sides', () => {
    const [only] = ridgeOutlines([{ min: 0.25, max: 0.25, counts: [5, 0] }], FRAME);
    expect(only.base).toBe(60);
    expect(only.points.every(([x]) => x > 0 && x < 100)).toBe(true);
  });
});
