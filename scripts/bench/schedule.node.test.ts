import { describe, expect, it } from 'vitest';
import { roundOrder, runRounds } from './schedule.ts';
import { median, spread } from './stats.ts';

describe('roundOrder', () => {
  it('puts every engine first once in as many rounds as engines', () => {
    const e = ['a', 'b', 'c'];
    expect([0, 1, 2, 3].map((r) => roundOrder(e, r).join(''))).toEqual(['abc', 'bca', 'cab', 'abc']);
    expect(roundOrder([], 2)).toEqual([]);
  });
});

describe('runRounds', () => {
  it('times each engine once per round in rotated order', async () => {
    let clock = 0;
    const calls: string[] = [];
    const cost: Record<string, number> = { a: 5, b: 7 };
    const seen: string[] = [];
    const times = await runRounds(
      ['a', 'b'],
      3,
      (e) => {
        calls.push(e);
        clock += cost[e];
        return Promise.resolve();
      },
      () => clock,
      (t) => seen.push(`${t.engine}${t.round}`),
    );
    expect(seen.join(' ')).toBe('a0 b0 b1 a1 a2 b2');
    expect(calls.join('')).toBe('abbaab');
    expect(times.filter((t) => t.engine === 'b').map((t) => t.ms)).toEqual([7, 7, 7]);
    expect(times.map((t) => t.round)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('refuses zero rounds', async () => {
    await expect(
      runRounds(
        ['a'],
        0,
        () => Promise.resolve(),
        () => 0,
      ),
    ).rejects.toThrow(/rounds/);
  });
});

describe('median and spread', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(spread([5, 1, 9, 3])).toEqual({ median: 4, min: 1, max: 9 });
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow();
  });
});
