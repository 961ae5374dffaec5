import { describe, expect, it } from 'vitest';
import { planAdam } from './adam-plan.ts';

const GPU = { software: false };
const SOFTWARE = { software: true };

describe('planAdam', () => {
  it('loops in 4 workgroups on a software adapter, over as many as the element-wise kernels get on a GPU', () => {
    // The seed cnn's 694k parameters: 173,500 vec4s.
    expect(planAdam({ count: 694_000 }, SOFTWARE)).toMatchObject({ variant: 'software', entryPoint: 'main', workgroups: [4, 1, 1] });
    expect(planAdam({ count: 694_000 }, GPU)).toMatchObject({ variant: 'grid-stride', workgroups: [678, 1, 1] });
    expect(planAdam({ count: 5 }, SOFTWARE).workgroups).toEqual([1, 1, 1]);
    expect(planAdam({ count: 4096 * 4 * 256 + 4 }, GPU).workgroups).toEqual([4096, 1, 1]);
  });
});
