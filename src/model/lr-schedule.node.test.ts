import { describe, expect, it } from 'vitest';
import { scheduleFactor } from './lr-schedule.ts';

describe('learning-rate schedules', () => {
  it('constant holds the set rate at every step', () => {
    for (const step of [0, 1, 500, 937]) expect(scheduleFactor('constant', step, 938)).toBe(1);
  });

  it('cosine starts at the set rate, halves at mid-run and ends near 0, falling every step', () => {
    const total = 938;
    expect(scheduleFactor('cosine', 0, total)).toBe(1);
    expect(scheduleFactor('cosine', total / 2, total)).toBeCloseTo(0.5, 12);
    const last = scheduleFactor('cosine', total - 1, total);
    expect(last).toBeGreaterThan(0);
    expect(last).toBeLessThan(1e-4);
    for (let s = 1; s < total; s++) expect(scheduleFactor('cosine', s, total)).toBeLessThan(scheduleFactor('cosine', s - 1, total));
  });

  it('anneal holds the rate for three quarters of the run, then falls linearly to near 0', () => {
    const total = 1000;
    for (const step of [0, 400, 750]) expect(scheduleFactor('anneal', step, total)).toBe(1);
    expect(scheduleFactor('anneal', 875, total)).toBeCloseTo(0.5, 12);
    expect(scheduleFactor('anneal', 999, total)).toBeCloseTo(0.004, 12);
    for (let s = 751; s < total; s++) expect(scheduleFactor('anneal', s, total)).toBeLessThan(scheduleFactor('anneal', s - 1, total));
  });

  it('one-cycle climbs from 1/25 to 1 over the first 30% of the run, then falls to near 0, both along a cosine', () => {
    const total = 1000;
    expect(scheduleFactor('onecycle', 0, total)).toBeCloseTo(1 / 25, 12);
    expect(scheduleFactor('onecycle', 150, total)).toBeCloseTo((1 / 25 + 1) / 2, 12);
    expect(scheduleFactor('onecycle', 300, total)).toBeCloseTo(1, 12);
    expect(scheduleFactor('onecycle', 650, total)).toBeCloseTo((1 + 1 / 25e4) / 2, 12);
    const last = scheduleFactor('onecycle', total - 1, total);
    expect(last).toBeGreaterThan(0);
    expect(last).toBeLessThan(1e-4);
    for (let s = 1; s <= 300; s++) expect(scheduleFactor('onecycle', s, total)).toBeGreaterThan(scheduleFactor('onecycle', s - 1, total));
    for (let s = 301; s < total; s++) expect(scheduleFactor('onecycle', s, total)).toBeLessThan(scheduleFactor('onecycle', s - 1, total));
  });

  it('cosine past the end stays at 0 instead of rising again', () => {
    expect(scheduleFactor('cosine', 2000, 938)).toBe(0);
  });
});
