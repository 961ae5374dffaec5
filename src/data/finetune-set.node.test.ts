import { describe, expect, it } from 'vitest';
import { accuracyOf, HOLD_OUT_FROM, holdOut, mixFineTuneSet } from './finetune-set.ts';
import type { MnistSet } from './mnist.ts';
import type { LabelledDigit } from './personal-file.ts';

const mine = (label: number, ink: number): LabelledDigit => ({ label, pixels: new Uint8Array(784).fill(ink) });

/** MNIST stand-in: image i is all i + 100, its label i % 10. */
const mnist: MnistSet = {
  count: 50,
  rows: 28,
  cols: 28,
  images: Uint8Array.from({ length: 50 * 784 }, (_, k) => Math.floor(k / 784) + 100),
  labels: Uint8Array.from({ length: 50 }, (_, i) => i % 10),
};

describe('holding digits back', () => {
  it('measures a small set on the digits it trains on', () => {
    const digits = Array.from({ length: HOLD_OUT_FROM - 1 }, (_, i) => i);
    expect(holdOut(digits)).toEqual({ train: digits, held: [] });
  });

  it('holds every fifth back from ten digits on, the same ones each time', () => {
    const digits = Array.from({ length: 12 }, (_, i) => i);
    expect(holdOut(digits)).toEqual({ train: [0, 1, 2, 3, 5, 6, 7, 8, 10, 11], held: [4, 9] });
  });
});

describe('the fine-tune mix', () => {
  it("puts the user's digits, repeated, beside MNIST images with their labels", () => {
    const set = mixFineTuneSet([mine(7, 1), mine(4, 2)], mnist, { count: 40, personalShare: 0.25, seed: 1 });
    expect(set).toMatchObject({ count: 40, rows: 28, cols: 28 });
    expect(set.images).toHaveLength(40 * 784);
    const first = (i: number) => set.images[i * 784];
    // 10 of 40 are the user's, alternating between the two.
    for (let i = 0; i < 10; i++) {
      expect(first(i)).toBe(i % 2 === 0 ? 1 : 2);
      expect(set.labels[i]).toBe(i % 2 === 0 ? 7 : 4);
    }
    // The rest are whole MNIST images with their own labels.
    for (let i = 10; i < 40; i++) {
      const j = first(i) - 100;
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThan(50);
      expect(set.images[i * 784 + 783]).toBe(j + 100);
      expect(set.labels[i]).toBe(j % 10);
    }
  });

  it('is the same for the same seed, and takes every digit even past its share', () => {
    const a = mixFineTuneSet([mine(1, 1)], mnist, { count: 20, personalShare: 0.5, seed: 3 });
    expect(mixFineTuneSet([mine(1, 1)], mnist, { count: 20, personalShare: 0.5, seed: 3 })).toEqual(a);
    const five = Array.from({ length: 5 }, (_, i) => mine(i, i + 1));
    const set = mixFineTuneSet(five, mnist, { count: 10, personalShare: 0.1, seed: 3 });
    expect(Array.from(set.labels.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses an empty set', () => {
    expect(() => mixFineTuneSet([], mnist, { count: 10, personalShare: 0.25, seed: 1 })).toThrow('there are no digits of yours to learn from');
  });

  it('scores the share read right', () => {
    expect(accuracyOf([7, 4, 1], [mine(7, 0), mine(4, 0), mine(2, 0)])).toBeCloseTo(2 / 3);
    expect(accuracyOf([], [])).toBeNaN();
  });
});
