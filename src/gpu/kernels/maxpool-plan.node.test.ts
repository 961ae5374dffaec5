import { describe, expect, it } from 'vitest';
import { planMaxPool } from './maxpool-plan.ts';

const GPU = { software: false };
const SOFTWARE = { software: true };
const pool = (inH: number, size: number, stride: number) => ({ batch: 64, channels: 32, inH, inW: inH, size, stride });

describe('planMaxPool', () => {
  it('scatters windows that tile the input, asks the one window of disjoint ones, gathers overlapping ones', () => {
    expect(planMaxPool(pool(28, 2, 2), GPU).backward).toMatchObject({ variant: 'tiles', entryPoint: 'backwardTiles' });
    expect(planMaxPool(pool(7, 2, 2), GPU).backward).toMatchObject({ variant: 'disjoint', entryPoint: 'backwardDisjoint' });
    expect(planMaxPool(pool(7, 3, 3), GPU).backward.variant).toBe('disjoint');
    expect(planMaxPool(pool(9, 3, 3), GPU).backward.variant).toBe('tiles');
    expect(planMaxPool(pool(8, 3, 2), GPU).backward).toMatchObject({ variant: 'gather', entryPoint: 'backward' });
  });

  it('runs one invocation per row of outputs (forward, tiles) or per input, capped for the adapter', () => {
    // 64·32 planes × 14 output rows.
    expect(planMaxPool(pool(28, 2, 2), GPU).forward.workgroups).toEqual([112, 1, 1]);
    expect(planMaxPool(pool(28, 2, 2), GPU).backward.workgroups).toEqual([112, 1, 1]);
    // 64·32 planes × 49 inputs.
    expect(planMaxPool(pool(7, 2, 2), GPU).backward.workgroups).toEqual([392, 1, 1]);
    expect(planMaxPool(pool(7, 2, 2), SOFTWARE).backward.workgroups).toEqual([256, 1, 1]);
  });
});
