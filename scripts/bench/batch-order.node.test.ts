import { describe, expect, it } from 'vitest';
import { shuffledIndices } from '../../src/data/shuffle.ts';
import { BatchOrder } from './batch-order.ts';

describe('BatchOrder', () => {
  it('walks one seeded shuffle per epoch, dropping the ragged tail', () => {
    const o = new BatchOrder(10, 3, 7);
    expect(o.stepsPerEpoch).toBe(3);
    const e0 = shuffledIndices(10, 7, 0);
    const e1 = shuffledIndices(10, 7, 1);
    expect([...o.indices(0)]).toEqual([...e0.subarray(0, 3)]);
    expect([...o.indices(2)]).toEqual([...e0.subarray(6, 9)]);
    expect([...o.indices(3)]).toEqual([...e1.subarray(0, 3)]);
    expect(o.at(4)).toMatchObject({ epoch: 1, cursor: 3, changed: false });
  });

  it('refuses a batch larger than the set', () => {
    expect(() => new BatchOrder(10, 11, 1)).toThrow(/batch 11/);
  });
});
