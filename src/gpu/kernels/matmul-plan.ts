// matmul's plan: which GEMM runs for a shape on a device, over how many K slices, on what grid.
//   tiled               matmul.wgsl `main`: 64×64 tiles through workgroup memory (a real GPU, or
//                       a software adapter where the software grid would not fit)
//   software            matmul.wgsl `software`: barrier-free, a 4×8, 4×16 or 8×16 block an invocation
//   software-vec4       matmul-vec4.wgsl `software`: 8×16 blocks over vec4 reads (every operand in
//                       whole vec4s along the dimension it walks)
//   software-rows       matmul.wgsl `softwareRows`: M < 4 (a drawn digit) in f32 reads, K sliced
//   software-vec4-rows  matmul-vec4.wgsl `softwareRows`: M < 4 in vec4 reads, K sliced
// Any of them may cut K into slices (splits > 1): partial sums into scratch, then split-k-reduce.
import { ceilDiv, workgroupsFor } from '../dispatch.ts';
import type { DeviceFacts, KernelPlan } from '../kernel-plan.ts';
import type { MatmulShape } from '../../model/op-shapes.ts';

export type MatmulVariant = 'tiled' | 'software' | 'software-vec4' | 'software-rows' | 'software-vec4-rows';
export type MatmulShaderName = 'matmul' | 'matmul-vec4';

export interface MatmulPlan extends KernelPlan<MatmulVariant, MatmulShaderName> {
  /** K slices, one workgroup layer each (grid z), of `chunk` terms; 1 for one pass. */
  splits: number;
  chunk: number;
  /** Whether the entry point declares the bias binding (unread while split); auto layouts leave out one it does not. */
  declaresBias: boolean;
}

const TILE = 64;
const TK = 16;

// Split K when the C tiles alone leave a big GPU idle: a dense forward at batch 64 is 2 to 4
// tiles, each looping over thousands of K terms. Splits come in enough to make ~TARGET_WORKGROUPS,
// each with at least MIN_CHUNK terms so the scratch and the reduce stay small.
const TARGET_WORKGROUPS = 128;
const MIN_CHUNK = 8 * TK;
const MAX_SPLITS = 64;

/** How the tiled kernel covers K: one pass (splits 1), or `splits` slices of `chunk` terms. */
export function matmulSplit(shape: MatmulShape): { splits: number; chunk: number } {
  const tiles = ceilDiv(shape.M, TILE) * ceilDiv(shape.N, TILE);
  const wanted = Math.min(MAX_SPLITS, Math.floor(TARGET_WORKGROUPS / tiles), Math.floor(shape.K / MIN_CHUNK));
  if (wanted < 2) return { splits: 1, chunk: shape.K };
  const chunk = ceilDiv(ceilDiv(shape.K, wanted), TK) * TK;
  return { splits: ceilDiv(shape.K, chunk), chunk };
}

/** Bytes of scratch for the split-K slices, on any adapter; 0 when no variant splits. */
export function matmulScratchBytes(shape: MatmulShape): number {
  const software = softwareGrid(shape.M, shape.N, shape.K);
  const rows = vec4Rows(shape);
  const splits = Math.max(matmulSplit(shape).splits, software?.splits ?? 1, rows?.splits ?? 1);
  return splits > 1 ? splits * shape.M * shape.N * 4 : 0;
}

/** The GEMM for `shape` on a device with `facts`. */
export function planMatmul(shape: MatmulShape, facts: DeviceFacts): MatmulPlan {
  const { M, N, K } = shape;
  const tiled = matmulSplit(shape);
  const software = facts.software ? softwareGrid(M, N, K) : null;
  if (!software) {
    const [x, y] = workgroupsFor([N, M], [TILE, TILE]);
    return plan('tiled', 'matmul', 'main', {}, [x, y], tiled, true);
  }
  const rows = vec4Rows(shape);
  if (rows) return plan('software-vec4-rows', 'matmul-vec4', 'softwareRows', {}, rows.grid, rows, true);
  if (M < 4 && tiled.splits > 1) {
    const grid = [ceilDiv(ceilDiv(N, 4), SOFTWARE_WG), M] as const;
    return plan('software-rows', 'matmul', 'softwareRows', {}, grid, rowSplit(shape, tiled), false);
  }
  // 8×16 blocks of whole vec4s where the operands allow; the f32 kernel otherwise.
  const { WG_X, WG_Y } = software.constants;
  if (software.constants.TALL === 1 && vec4Aligned(shape))
    return plan('software-vec4', 'matmul-vec4', 'software', { WG_X, WG_Y }, software.grid, software, true);
  return plan('software', 'matmul', 'software', software.constants, software.grid, software, true);
}

function plan(
  variant: MatmulVariant,
  shader: MatmulShaderName,
  entryPoint: string,
  constants: Record<string, number>,
  grid: readonly [number, number],
  k: { splits: number; chunk: number },
  declaresBias: boolean,
): MatmulPlan {
  const split: Record<string, number> = k.splits > 1 ? { SPLIT: 1, K_CHUNK: k.chunk } : {};
  const workgroups = [grid[0], grid[1], k.splits] as const;
  return { variant, shader, entryPoint, constants: { ...constants, ...split }, workgroups, splits: k.splits, chunk: k.chunk, declaresBias };
}

/** Whether every operand can be read in whole vec4s along the dimension it walks (matmul-vec4.wgsl). */
function vec4Aligned(shape: MatmulShape): boolean {
  return shape.K % 4 === 0 && shape.N % 4 === 0 && (!shape.transA || shape.M % 4 === 0);
}

// A drawn digit (M < 4) in whole vec4s: 16 columns an invocation, and enough K slices to make
// about ROW_LANES invocations (at least MIN_SLICE terms each); more slices, each a partial to
// write and sum, ran slower on SwiftShader.
const ROW_LANES = 64;

/** The vec4 row kernel's slices and grid for M < 4 (matmul-vec4.wgsl's `softwareRows`); null where it does not apply. */
function vec4Rows(shape: MatmulShape) {
  const { M, N, K } = shape;
  if (M >= 4 || shape.transA || !vec4Aligned(shape)) return null;
  const blocks = ceilDiv(N, 16);
  const wanted = Math.max(1, Math.min(Math.floor(ROW_LANES / (blocks * M)), Math.floor(K / MIN_SLICE)));
  const chunk = ceilDiv(ceilDiv(K, wanted), 4) * 4;
  const splits = ceilDiv(K, chunk);
  return { splits, chunk, grid: [ceilDiv(blocks, SOFTWARE_WG), M] as const };
}

// A software GEMV in f32 reads (shapes the vec4 kernel cannot take) reads each B element once: on
// SwiftShader fewer, longer K slices ran faster than the tiled kernel's split, so the row kernel
// cuts K in at most this many.
const ROW_SPLITS = 4;

/** The K slices of the f32 row kernel: the tiled kernel's split (`tiled`), capped at ROW_SPLITS. */
function rowSplit(shape: MatmulShape, tiled: { splits: number; chunk: number }): { splits: number; chunk: number } {
  if (tiled.splits <= ROW_SPLITS) return tiled;
  const wide = ceilDiv(ceilDiv(shape.K, ROW_SPLITS), TK) * TK;
  return { splits: ceilDiv(shape.K, wide), chunk: wide };
}

// The software variant: one invocation per 4×16 block (4×8 where N ≤ 8: matmul.wgsl's WIDE; 8×16,
// TALL, where that still leaves MIN_TALL_WORKGROUPS, or where K is long enough to split into
// slices that do), 64 to a workgroup, as wide along N as N allows. Null when the grid would not
// fit (the tiled kernel covers more per workgroup).
const SOFTWARE_WG = 64;
const MAX_GRID = 65535;
// 8×16 blocks read a quarter less per multiply-add than 4×16, but a grid of too few workgroups
// leaves a CPU's threads idle: below MIN_TALL_WORKGROUPS the TALL blocks pay only in K slices
// (SPLIT_WORKGROUPS of them; more lost a little).
const MIN_TALL_WORKGROUPS = 8;
const SPLIT_WORKGROUPS = 4;
/** K terms a slice keeps at least. */
const MIN_SLICE = 256;

function softwareGrid(M: number, N: number, K: number) {
  const wide = N > 8;
  const cols = ceilDiv(N, wide ? 16 : 8);
  let wgX = 1;
  while (wgX < SOFTWARE_WG && wgX < cols) wgX *= 2;
  const wgY = SOFTWARE_WG / wgX;
  const grid = (rowsPerBlock: number) => [ceilDiv(cols, wgX), ceilDiv(ceilDiv(M, rowsPerBlock), wgY)] as const;
  const [tx, ty] = grid(8);
  const splits = wide ? Math.min(ceilDiv(SPLIT_WORKGROUPS, tx * ty), Math.floor(K / MIN_SLICE)) : 1;
  const tall = wide && (tx * ty >= MIN_TALL_WORKGROUPS || splits > 1);
  const slices = tall && tx * ty < MIN_TALL_WORKGROUPS ? splits : 1;
  const [x, y] = tall ? [tx, ty] : grid(4);
  if (x > MAX_GRID || y > MAX_GRID) return null;
  // Whole vec4s of K a slice (matmul-vec4.wgsl); the dispatch has one workgroup layer per slice.
  const chunk = slices === 1 ? K : ceilDiv(ceilDiv(K, slices), 4) * 4;
  return { constants: { WG_X: wgX, WG_Y: wgY, WIDE: wide ? 1 : 0, TALL: tall ? 1 : 0 }, grid: [x, y] as const, splits: ceilDiv(K, chunk), chunk };
}
