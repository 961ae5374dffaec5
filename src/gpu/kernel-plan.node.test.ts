import { describe, expect, it } from 'vitest';
import { planElementwise } from './kernel-plan.ts';

const GPU = { software: false };
const SOFTWARE = { software: true };

describe('planElementwise', () => {
  it('covers the elements, capped at 4096 workgroups on a GPU and 256 on a software adapter', () => {
    expect(planElementwise(1, GPU)).toEqual([1, 1, 1]);
    expect(planElementwise(256 * 256, GPU)).toEqual([256, 1, 1]);
    expect(planElementwise(256 * 256 + 1, SOFTWARE)).toEqual([256, 1, 1]);
    expect(planElementwise(256 * 256 + 1, GPU)).toEqual([257, 1, 1]);
    expect(planElementwise(10_000_000, GPU)).toEqual([4096, 1, 1]);
    expect(planElementwise(1000, SOFTWARE, 64)).toEqual([16, 1, 1]);
  });
});
