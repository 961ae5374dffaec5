import { describe, expect, it } from 'vitest';
import { sequentialIndices, shuffledIndices } from './shuffle.ts';

function isPermutation(order: Uint32Array, count: number): boolean {
  if (order.length !== count) return false;
  const seen = new Uint8Array(count);
  for (const i of order) {
    if (i >= count || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
}

/** How many positions two orders share; about 1 for unrelated random permutations. */
const samePositions = (a: Uint32Array, b: Uint32Array) => a.reduce((n, v, i) => n + (v === b[i] ? 1 : 0), 0);

describe('shuffledIndices', () => {
  it.each([0, 1, 2, 7, 1000, 60000])('is a permutation of %i indices', (count) => {
    expect(isPermutation(shuffledIndices(count, 42, 0), count)).toBe(true);
  });

  it('is reproducible from (seed, epoch)', () => {
    expect(shuffledIndices(5000, 7, 3)).toEqual(shuffledIndices(5000, 7, 3));
  });

  it('differs by epoch and by seed', () => {
    const base = shuffledIndices(10000, 7, 0);
    for (const other of [shuffledIndices(10000, 7, 1), shuffledIndices(10000, 7, 2), shuffledIndices(10000, 8, 0), shuffledIndices(10000, 6, 1)]) {
      expect(samePositions(base, other)).toBeLessThan(20);
    }
    expect(samePositions(base, sequentialIndices(10000))).toBeLessThan(20);
  });

  it('puts each index in each place about equally often', () => {
    // 4 indices, 24000 shuffles: each (index, place) pair expects 6000; 5 sigma is about 340.
    const counts = new Array<number>(16).fill(0);
    for (let epoch = 0; epoch < 24000; epoch++) {
      shuffledIndices(4, 1, epoch).forEach((v, place) => counts[v * 4 + place]++);
    }
    for (const c of counts) expect(Math.abs(c - 6000)).toBeLessThan(340);
  });
});

describe('sequentialIndices', () => {
  it('counts up from 0', () => {
    expect(Array.from(sequentialIndices(5))).toEqual([0, 1, 2, 3, 4]);
    expect(sequentialIndices(0).length).toBe(0);
  });

  it('refuses a count that is not a non-negative integer', () => {
    expect(() => sequentialIndices(-1)).toThrow('index count must be a non-negative integer, got -1');
    expect(() => shuffledIndices(2.5, 1, 0)).toThrow('got 2.5');
  });
});
