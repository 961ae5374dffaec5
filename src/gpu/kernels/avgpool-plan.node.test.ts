import { describe, expect, it } from 'vitest';
import { planAvgPool } from './avgpool-plan.ts';
import { globalAvgPoolShape } from '../../model/geometry.ts';

const GPU = { software: false };
const SOFTWARE = { software: true };

describe('planAvgPool', () => {
  it('gives wide windows (from 128 terms) a workgroup each, except on a software adapter', () => {
    const global28 = globalAvgPoolShape(2, 3, 28, 28);
    expect(planAvgPool(global28, GPU).forward).toMatchObject({ variant: 'reduce', entryPoint: 'forwardReduce', workgroups: [6, 1, 1] });
    expect(planAvgPool(globalAvgPoolShape(1, 1, 11, 12), GPU).forward.variant).toBe('reduce');
    expect(planAvgPool(globalAvgPoolShape(1, 1, 11, 11), GPU).forward.variant).toBe('window');
    expect(planAvgPool(global28, SOFTWARE).forward).toMatchObject({ variant: 'window', entryPoint: 'forward', workgroups: [1, 1, 1] });
    expect(planAvgPool(globalAvgPoolShape(1, 1, 7, 7), GPU).forward.entryPoint).toBe('forward');
  });

  it('gathers the gradient one invocation per input', () => {
    const s = { batch: 64, channels: 32, inH: 28, inW: 28, winH: 2, winW: 2, strideH: 2, strideW: 2 };
    expect(planAvgPool(s, GPU).backward).toMatchObject({ entryPoint: 'backward', workgroups: [4096, 1, 1] });
    expect(planAvgPool(s, SOFTWARE).backward.workgroups).toEqual([256, 1, 1]);
    expect(planAvgPool(s, GPU).forward).toMatchObject({ variant: 'window', workgroups: [1568, 1, 1] });
  });
});
