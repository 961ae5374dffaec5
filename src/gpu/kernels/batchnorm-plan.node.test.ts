import { describe, expect, it } from 'vitest';
import { planBatchNorm } from './batchnorm-plan.ts';

const GPU = { software: false };
const SOFTWARE = { software: true };

describe('planBatchNorm', () => {
  const conv = { batch: 64, channels: 32, inner: 196, activation: 'relu' as const };
  const dense = { batch: 64, channels: 128, inner: 1, activation: 'none' as const };

  it('sums a channel in a workgroup on a GPU past 1024 terms, in one invocation otherwise and always on a software adapter', () => {
    expect(planBatchNorm(conv, GPU).trainStats).toMatchObject({ variant: 'tree', entryPoint: 'trainStats', workgroups: [32, 1, 1] });
    expect(planBatchNorm(conv, GPU).backwardReduce).toMatchObject({ variant: 'tree', entryPoint: 'backwardReduce' });
    expect(planBatchNorm(conv, SOFTWARE).trainStats).toMatchObject({ variant: 'serial-vec4', entryPoint: 'trainStatsSerial4', workgroups: [1, 1, 1] });
    // 1024 terms a channel: still serial; 1025 (inner 5, not whole vec4s): the tree.
    expect(planBatchNorm({ ...conv, batch: 256, inner: 4 }, GPU).trainStats.variant).toBe('serial-vec4');
    expect(planBatchNorm({ ...conv, batch: 205, inner: 5 }, GPU).trainStats.variant).toBe('tree');
    expect(planBatchNorm(dense, GPU).backwardReduce).toMatchObject({ variant: 'serial', entryPoint: 'backwardReduceSerial', workgroups: [2, 1, 1] });
    // More channels than a grid dimension holds: serial.
    expect(planBatchNorm({ batch: 64, channels: 70_000, inner: 49, activation: 'none' }, GPU).trainStats.variant).toBe('serial');
  });

  it('runs the element-wise passes over vec4s where a channel’s run is whole vec4s', () => {
    expect(planBatchNorm(conv, GPU).trainNormalize).toMatchObject({ variant: 'vec4', entryPoint: 'trainNormalize4', workgroups: [392, 1, 1] });
    expect(planBatchNorm(conv, SOFTWARE).backwardDx).toMatchObject({ entryPoint: 'backwardDx4', workgroups: [256, 1, 1] });
    expect(planBatchNorm(dense, GPU).evalNormalize).toMatchObject({ variant: 'scalar', entryPoint: 'evalNormalize', workgroups: [32, 1, 1] });
  });
});
