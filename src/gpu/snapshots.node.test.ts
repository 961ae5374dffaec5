import { describe, expect, it } from 'vitest';
import { SnapshotBook } from './snapshots.ts';

describe('SnapshotBook', () => {
  it('snapshots every N submits into alternating slots', () => {
    const book = new SnapshotBook(4);
    expect(book.due(0, 0)).toBe(0);
    expect(book.due(1, 10)).toBeNull();
    expect(book.due(4, 40)).toBe(1);
    expect(book.due(8, 80)).toBe(0);
  });

  it('picks the newest snapshot that predates the first bad submit', () => {
    const book = new SnapshotBook(4);
    book.due(0, 0);
    book.due(4, 40);
    book.due(8, 80); // overwrites slot 0
    expect(book.goodBefore(9)).toEqual({ slot: 0, step: 80 });
    // Submit 8's snapshot was queued after submit 6 went bad: it holds bad weights.
    expect(book.goodBefore(6)).toEqual({ slot: 1, step: 40 });
    // Taken at the bad submit's start: good for a fault inside it, not for one just before it.
    expect(book.goodBefore(8)).toEqual({ slot: 1, step: 40 });
    expect(book.goodBefore(0)).toBeNull();
  });

  it('falls back to the snapshot taken at the bad submit when nothing older exists', () => {
    const book = new SnapshotBook(4);
    book.due(0, 0);
    expect(book.goodBefore(0)).toEqual({ slot: 0, step: 0 });
  });

  it('always has a good slot when fewer than N submits are in flight', () => {
    const every = 4;
    const inFlight = every - 1;
    for (let bad = 0; bad < 40; bad++) {
      const book = new SnapshotBook(every);
      for (let s = 0; s <= bad + inFlight; s++) book.due(s, s * 10);
      const good = book.goodBefore(bad);
      expect(good).not.toBeNull();
      expect(good!.step).toBeLessThanOrEqual(bad * 10);
    }
  });
});
