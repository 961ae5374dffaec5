import { describe, expect, it } from 'vitest';
import { byKernel } from './profile.ts';

describe('byKernel', () => {
  it('sums repeats of a kernel, orders by time and gives shares', () => {
    const rows = byKernel([
      { label: 'conv1/forward', ms: 1 },
      { label: 'dense1/forward', ms: 4 },
      { label: 'adam#1', ms: 2 },
      { label: 'adam#2', ms: 3 },
    ]);
    expect(rows.map((r) => [r.kernel, r.ms, r.calls])).toEqual([
      ['adam', 5, 2],
      ['dense1/forward', 4, 1],
      ['conv1/forward', 1, 1],
    ]);
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
    expect(rows[0].share).toBe(0.5);
  });

  it('gives zero shares when nothing took time', () => {
    expect(byKernel([{ label: 'a', ms: 0 }])[0].share).toBe(0);
  });
});
