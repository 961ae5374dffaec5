import { describe, expect, it } from 'vitest';
import { formatFlops, formatShape, formatWhen } from './format';

describe('cost formats', () => {
  it('FLOPs take an SI prefix and three figures', () => {
    expect(formatFlops(4_939_776)).toBe('4.94 MFLOP');
    expect(formatFlops(102_272)).toBe('102 kFLOP');
    expect(formatFlops(1_920)).toBe('1.92 kFLOP');
    expect(formatFlops(2.5e9)).toBe('2.50 GFLOP');
    expect(formatFlops(0)).toBe('0 FLOP');
  });
  it('shapes read as people write them', () => {
    expect(formatShape([32, 26, 26])).toBe('32×26×26');
    expect(formatShape([10])).toBe('10');
  });
  it('moments read as a date and a time of day, local', () => {
    expect(formatWhen(new Date(2026, 10, 3, 4, 5).getTime())).toBe('2026-11-03 04:05');
  });
});
