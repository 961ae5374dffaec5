import { describe, expect, it } from 'vitest';
import { matmulScratchBytes, matmulSplit, planMatmul } from './matmul-plan.ts';
import type { MatmulShape } from '../../model/op-shapes.ts';

const GPU = { software: false };
const SOFTWARE = { software: true };

type Row = [name: string, shape: MatmulShape, variant: string, entry: string, workgroups: [number, number, number]];

// What runs on a software adapter; on a GPU every shape takes `tiled` (below).
const software: Row[] = [
  // The seed cnn's dense1 at batch 64: forward in 4 K slices (too few workgroups for 8×16 blocks otherwise), gradients in one pass.
  ['dense1 forward', { M: 64, N: 128, K: 5408 }, 'software-vec4', 'matmul-vec4:software', [1, 1, 4]],
  ['dense1 weight gradient', { M: 5408, N: 128, K: 64, transA: true }, 'software-vec4', 'matmul-vec4:software', [1, 85, 1]],
  ['dense1 input gradient', { M: 64, N: 5408, K: 128, transB: true }, 'software-vec4', 'matmul-vec4:software', [6, 8, 1]],
  // The TALL blocks' threshold: 8 workgroups of 8×16 blocks (M 449) or, below it (M 448), 4×16 blocks in f32 reads.
  ['TALL at 8 workgroups', { M: 449, N: 128, K: 64 }, 'software-vec4', 'matmul-vec4:software', [1, 8, 1]],
  ['4×16 below them', { M: 448, N: 128, K: 64 }, 'software', 'matmul:software', [1, 14, 1]],
  // K slicing: 2 slices of 256 terms make the TALL blocks pay; K 508 has one slice's worth.
  ['K 512: TALL in 2 slices', { M: 64, N: 128, K: 512 }, 'software-vec4', 'matmul-vec4:software', [1, 1, 2]],
  ['K 508: one pass', { M: 64, N: 128, K: 508 }, 'software', 'matmul:software', [1, 2, 1]],
  // A dimension an operand walks that is not a multiple of 4: f32 reads.
  ['N 10', { M: 64, N: 10, K: 128 }, 'software', 'matmul:software', [1, 1, 1]],
  ['Aᵀ with M 1002', { M: 1002, N: 40, K: 20, transA: true }, 'software', 'matmul:software', [1, 8, 1]],
  ['K 5406', { M: 64, N: 128, K: 5406 }, 'software', 'matmul:software', [1, 1, 4]],
  ['N ≤ 8: one 4×8 block', { M: 64, N: 8, K: 4096 }, 'software', 'matmul:software', [1, 1, 1]],
  // M < 4 (a drawn digit): the row kernels, K sliced; M = 4 is a block's worth again.
  ['a digit’s dense1', { M: 1, N: 128, K: 5408 }, 'software-vec4-rows', 'matmul-vec4:softwareRows', [1, 1, 8]],
  ['M 3', { M: 3, N: 128, K: 5408 }, 'software-vec4-rows', 'matmul-vec4:softwareRows', [1, 3, 2]],
  ['M 4', { M: 4, N: 128, K: 5408 }, 'software-vec4', 'matmul-vec4:software', [1, 1, 4]],
  ['a short K', { M: 1, N: 8, K: 12 }, 'software-vec4-rows', 'matmul-vec4:softwareRows', [1, 1, 1]],
  ['M < 4 in f32 reads (Bᵀ, K 701)', { M: 1, N: 20, K: 701, transB: true }, 'software-rows', 'matmul:softwareRows', [1, 1, 4]],
  ['M < 4 with Aᵀ', { M: 1, N: 128, K: 5408, transA: true }, 'software-rows', 'matmul:softwareRows', [1, 1, 4]],
  // M < 4 where the tiled kernel would not split K: the block kernel.
  ['M 3, K 100', { M: 3, N: 10, K: 100 }, 'software', 'matmul:software', [1, 1, 1]],
  // A grid past 65535: the tiled kernel even here.
  ['M 17M, N 8', { M: 17_000_000, N: 8, K: 1 }, 'tiled', 'matmul:main', [1, 265625, 1]],
];

describe('planMatmul', () => {
  it.each(software)('on a software adapter: %s', (_, shape, variant, entry, workgroups) => {
    const p = planMatmul(shape, SOFTWARE);
    expect([p.variant, `${p.shader}:${p.entryPoint}`, p.workgroups]).toEqual([variant, entry, workgroups]);
    expect(p.splits).toBe(workgroups[2]);
  });

  it.each(software)('on a GPU, tiles: %s', (_, shape) => {
    const p = planMatmul(shape, GPU);
    const { splits, chunk } = matmulSplit(shape);
    expect(p).toMatchObject({ variant: 'tiled', shader: 'matmul', entryPoint: 'main', splits, chunk });
    expect(p.workgroups).toEqual([Math.ceil(shape.N / 64), Math.ceil(shape.M / 64), splits]);
  });

  it('splits K on a GPU where the tiles alone are few, each slice a whole number of 16-term steps', () => {
    expect(matmulSplit({ M: 64, N: 128, K: 5408 })).toEqual({ splits: 38, chunk: 144 });
    expect(matmulSplit({ M: 3, N: 10, K: 1000 })).toEqual({ splits: 7, chunk: 144 });
    expect(matmulSplit({ M: 5, N: 70, K: 300 })).toEqual({ splits: 2, chunk: 160 });
    expect(matmulSplit({ M: 5408, N: 128, K: 64, transA: true })).toEqual({ splits: 1, chunk: 64 });
  });

  it('sets the split overrides only where K is sliced, and the block shape of the f32 software kernel', () => {
    expect(planMatmul({ M: 64, N: 128, K: 5408 }, GPU).constants).toEqual({ SPLIT: 1, K_CHUNK: 144 });
    expect(planMatmul({ M: 64, N: 10, K: 128 }, GPU).constants).toEqual({});
    expect(planMatmul({ M: 64, N: 128, K: 5408 }, SOFTWARE).constants).toEqual({ WG_X: 8, WG_Y: 8, SPLIT: 1, K_CHUNK: 1352 });
    expect(planMatmul({ M: 1002, N: 40, K: 20, transA: true }, SOFTWARE).constants).toEqual({ WG_X: 4, WG_Y: 16, WIDE: 1, TALL: 1 });
    expect(planMatmul({ M: 448, N: 128, K: 64 }, SOFTWARE).constants).toEqual({ WG_X: 8, WG_Y: 8, WIDE: 1, TALL: 0 });
    expect(planMatmul({ M: 64, N: 8, K: 4096 }, SOFTWARE).constants).toEqual({ WG_X: 1, WG_Y: 64, WIDE: 0, TALL: 0 });
    // The f32 row kernel cuts K in at most 4 slices, where the tiled kernel would take 7.
    expect(planMatmul({ M: 3, N: 10, K: 1000 }, SOFTWARE)).toMatchObject({ variant: 'software-rows', splits: 4, chunk: 256, declaresBias: false });
  });

  it('sizes the scratch for the most slices either adapter takes, none where neither slices', () => {
    expect(matmulScratchBytes({ M: 64, N: 128, K: 5408 })).toBe(38 * 64 * 128 * 4);
    expect(matmulScratchBytes({ M: 1, N: 128, K: 5408 })).toBe(38 * 128 * 4);
    expect(matmulScratchBytes({ M: 64, N: 10, K: 128 })).toBe(0);
  });
});
