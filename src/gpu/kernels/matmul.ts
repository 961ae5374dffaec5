// matmul: the GEMM behind dense layers, forward (A·B + bias, activation) and backward (Aᵀ·B, A·Bᵀ).
import code from '../../shaders/matmul.wgsl?raw';
import quadsCode from '../../shaders/matmul-quads.wgsl?raw';
import activationWgsl from '../../shaders/activation.wgsl?raw';
import acc8Wgsl from '../../shaders/acc8.wgsl?raw';
import { bindingBytes, ceilDiv, makeDispatch, workgroupsFor, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { activationCode } from '../../model/activation.ts';
import { splitKReduce } from './split-k-reduce.ts';
import type { MatmulShape } from '../../model/op-shapes.ts';
import type { ShaderSource } from '../pipelines.ts';

// activate() and Acc8 go after the kernel, so compile errors keep matmul.wgsl's own line numbers.
export const matmulShader = { name: 'matmul', code: `${code}\n${activationWgsl}\n${acc8Wgsl}` };
export const matmulQuadsShader = { name: 'matmul-quads', code: `${quadsCode}\n${activationWgsl}\n${acc8Wgsl}` };

export type { MatmulShape };

export interface MatmulBuffers {
  a: Binding;
  b: Binding;
  /** Length N, added to every row; omit for none. */
  bias?: Binding;
  out: Binding;
  /** At least matmulScratchBytes(shape) bytes, where that is not 0. */
  scratch?: Binding;
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

/** Bytes of scratch for the split-K slices, on any adapter; 0 when neither kernel splits. */
export function matmulScratchBytes(shape: MatmulShape): number {
  const software = registerGrid(shape.M, shape.N, shape.K);
  const rows = quadRows(shape);
  const splits = Math.max(matmulSplit(shape).splits, software?.splits ?? 1, rows?.splits ?? 1);
  return splits > 1 ? splits * shape.M * shape.N * 4 : 0;
}

export async function matmul(ctx: GpuContext, shape: MatmulShape, buffers: MatmulBuffers, label = 'matmul'): Promise<Dispatch[]> {
  const { M, N, K } = shape;
  requirePositiveIntegers(label, { M, N, K });
  const constants = {
    M,
    N,
    K,
    TRANS_A: shape.transA ? 1 : 0,
    TRANS_B: shape.transB ? 1 : 0,
    BIAS: buffers.bias ? 1 : 0,
    ACTIVATION: activationCode(shape.activation ?? 'none', label),
  };
  // With no bias the binding is still declared; any read-only buffer stands in, unread.
  const bindings = [buffers.a, buffers.b, buffers.bias ?? buffers.b, buffers.out];
  const { splits, chunk } = matmulSplit(shape);
  const registers = ctx.software ? registerGrid(M, N, K) : null;
  if (registers) return software(ctx, shape, buffers, constants, registers, label);
  const grid = workgroupsFor([N, M], [TILE, TILE]);
  if (splits === 1) return [await makeDispatch(ctx, { label, shader: matmulShader, constants, bindings, workgroups: grid })];
  const scratch = splitScratch(shape, buffers, splits, label);
  return [
    await makeDispatch(ctx, {
      label: `${label}.slices`,
      shader: matmulShader,
      constants: { ...constants, SPLIT: 1, K_CHUNK: chunk },
      bindings: [buffers.a, buffers.b, buffers.bias ?? buffers.b, scratch],
      workgroups: [grid[0], grid[1], splits],
    }),
    await reduceSplits(ctx, shape, buffers, splits, scratch, label),
  ];
}

/** The scratch binding for `splits` K slices, checked to hold them. */
function splitScratch(shape: MatmulShape, buffers: MatmulBuffers, splits: number, label: string): Binding {
  const needed = matmulScratchBytes(shape);
  const { scratch } = buffers;
  if (!scratch || bindingBytes(scratch) < needed) {
    throw new Error(`${label}: scratch must hold ${needed} bytes (matmulScratchBytes) for ${splits} K slices, got ${scratch ? bindingBytes(scratch) : 'none'}`);
  }
  return scratch;
}

function reduceSplits(ctx: GpuContext, shape: MatmulShape, buffers: MatmulBuffers, splits: number, scratch: Binding, label: string): Promise<Dispatch> {
  const { M, N } = shape;
  return splitKReduce(
    ctx,
    { splits, partial: M * N, count: M * N, biasLength: N, activation: shape.activation },
    { partials: scratch, bias: buffers.bias, out: buffers.out },
    `${label}.reduce`,
  );
}

/** Whether every operand can be read in whole vec4s along the dimension it walks (matmul-quads.wgsl). */
function quadAligned(shape: MatmulShape): boolean {
  return shape.K % 4 === 0 && shape.N % 4 === 0 && (!shape.transA || shape.M % 4 === 0);
}

type RegisterGrid = NonNullable<ReturnType<typeof registerGrid>>;

/** The software kernels (ctx.software): barrier-free, one block of C per invocation. */
async function software(
  ctx: GpuContext,
  shape: MatmulShape,
  buffers: MatmulBuffers,
  constants: Record<string, number>,
  grid: RegisterGrid,
  label: string,
): Promise<Dispatch[]> {
  const rows = quadRows(shape);
  if (rows) return sliced(ctx, shape, buffers, { shader: matmulQuadsShader, entryPoint: 'rows', constants, ...rows, declaresBias: true }, label);
  const tiled = matmulSplit(shape);
  if (shape.M < 4 && tiled.splits > 1) {
    const { splits, chunk } = rowSplit(shape, tiled);
    const grid = [ceilDiv(ceilDiv(shape.N, 4), REGISTER_WG), shape.M] as const;
    return sliced(ctx, shape, buffers, { shader: matmulShader, entryPoint: 'registerRows', constants, splits, chunk, grid, declaresBias: false }, label);
  }
  // 8×16 blocks of whole vec4s where the operands allow; the f32 kernel otherwise.
  const quads = grid.constants.TALL === 1 && quadAligned(shape);
  const { WG_X, WG_Y } = grid.constants;
  const kernel = quads
    ? { shader: matmulQuadsShader, entryPoint: 'main', constants: { ...constants, WG_X, WG_Y } }
    : { shader: matmulShader, entryPoint: 'registers', constants: { ...constants, ...grid.constants } };
  return sliced(ctx, shape, buffers, { ...kernel, splits: grid.splits, chunk: grid.chunk, grid: grid.grid, declaresBias: true }, label);
}

interface SlicedKernel {
  shader: ShaderSource;
  entryPoint: string;
  constants: Record<string, number>;
  /** K slices, one workgroup layer each, of `chunk` terms. */
  splits: number;
  chunk: number;
  /** Workgroups along x and y. */
  grid: readonly [number, number];
  /** Whether the entry point declares the bias binding (unread while split); auto layouts leave out one it does not. */
  declaresBias: boolean;
}

/**
 * A software kernel in one pass, or over K slices into scratch (the bias waits for the reduce)
 * and then the reduce.
 */
async function sliced(ctx: GpuContext, shape: MatmulShape, buffers: MatmulBuffers, k: SlicedKernel, label: string): Promise<Dispatch[]> {
  const workgroups = [k.grid[0], k.grid[1], k.splits] as const;
  if (k.splits === 1) {
    const bindings = [buffers.a, buffers.b, buffers.bias ?? buffers.b, buffers.out];
    return [await makeDispatch(ctx, { label, shader: k.shader, entryPoint: k.entryPoint, constants: k.constants, bindings, workgroups })];
  }
  const scratch = splitScratch(shape, buffers, k.splits, label);
  return [
    await makeDispatch(ctx, {
      label: `${label}.slices`,
      shader: k.shader,
      entryPoint: k.entryPoint,
      constants: { ...k.constants, SPLIT: 1, K_CHUNK: k.chunk },
      bindings: [buffers.a, buffers.b, k.declaresBias ? (buffers.bias ?? buffers.b) : null, scratch],
      workgroups,
    }),
    await reduceSplits(ctx, shape, buffers, k.splits, scratch, label),
  ];
}

// A drawn digit (M < 4) in whole vec4s: 16 columns an invocation, and enough K slices to make
// about ROW_LANES invocations (at least MIN_SLICE terms each). The seed dense1 (1 × 128 × 5,408)
// ran fastest in 8 slices: 0.83–0.86 ms, against 0.89–0.91 in 16 and 0.95 in 32.
const ROW_LANES = 64;

/** The quad row kernel's grid for M < 4 (matmul-quads.wgsl's `rows`); null where it does not apply. */
function quadRows(shape: MatmulShape) {
  const { M, N, K } = shape;
  if (M >= 4 || shape.transA || !quadAligned(shape)) return null;
  const blocks = ceilDiv(N, 16);
  const wanted = Math.max(1, Math.min(Math.floor(ROW_LANES / (blocks * M)), Math.floor(K / MIN_SLICE)));
  const chunk = ceilDiv(ceilDiv(K, wanted), 4) * 4;
  const splits = ceilDiv(K, chunk);
  return { splits, chunk, grid: [ceilDiv(blocks, REGISTER_WG), M] as const };
}

// A software GEMV in f32 reads (shapes the quad kernel cannot take) reads each B element once: on
// SwiftShader fewer, longer K slices run faster (dense1 of a drawn digit, K 5,408: 1.13 ms in 4
// slices, 1.18 in 19, 1.25 in 38 at the tiled kernel's split, timed in one run), so the row
// kernel cuts K in at most this many.
const ROW_SPLITS = 4;

/** The K slices of the row kernel: the tiled kernel's split (`tiled`), capped at ROW_SPLITS. */
function rowSplit(shape: MatmulShape, tiled: { splits: number; chunk: number }): { splits: number; chunk: number } {
  if (tiled.splits <= ROW_SPLITS) return tiled;
  const wide = ceilDiv(ceilDiv(shape.K, ROW_SPLITS), TK) * TK;
  return { splits: ceilDiv(shape.K, wide), chunk: wide };
}

// The software variant: one invocation per 4×16 block (4×8 where N ≤ 8: matmul.wgsl's WIDE; 8×16,
// TALL, where that still leaves MIN_TALL_WORKGROUPS, or where K is long enough to split into
// slices that do), 64 to a workgroup, as wide along N as N allows. Null when the grid would not
// fit (the tiled kernel covers more per workgroup).
const REGISTER_WG = 64;
const MAX_GRID = 65535;
// 8×16 blocks read a quarter less per multiply-add than 4×16. Measured on SwiftShader in one page
// under load, medians of 7, the seed cnn's dense1: input gradient 63.6 → 48.9 ms, weight gradient
// 66.8 → 52.5 ms. Its forward (M = 64, N = 128) makes one workgroup of 8×16 blocks for two cores
// (55.3 ms against 50.8 for two of 4×16), but in 2 or 4 K slices (4 workgroups here) 40.4–40.8
// ms, and cnn-bn's dense1 forward at batch 32 11.4 → 9.6–10.2 ms; 8 slices lost a little.
const MIN_TALL_WORKGROUPS = 8;
const SPLIT_WORKGROUPS = 4;
/** K terms a slice keeps at least. */
const MIN_SLICE = 256;

function registerGrid(M: number, N: number, K: number) {
  const wide = N > 8;
  const cols = ceilDiv(N, wide ? 16 : 8);
  let wgX = 1;
  while (wgX < REGISTER_WG && wgX < cols) wgX *= 2;
  const wgY = REGISTER_WG / wgX;
  const grid = (rowsPerBlock: number) => [ceilDiv(cols, wgX), ceilDiv(ceilDiv(M, rowsPerBlock), wgY)] as const;
  const [tx, ty] = grid(8);
  const splits = wide ? Math.min(ceilDiv(SPLIT_WORKGROUPS, tx * ty), Math.floor(K / MIN_SLICE)) : 1;
  const tall = wide && (tx * ty >= MIN_TALL_WORKGROUPS || splits > 1);
  const slices = tall && tx * ty < MIN_TALL_WORKGROUPS ? splits : 1;
  const [x, y] = tall ? [tx, ty] : grid(4);
  if (x > MAX_GRID || y > MAX_GRID) return null;
  // Whole quads of K a slice (matmul-quads.wgsl); the dispatch has one workgroup layer per slice.
  const chunk = slices === 1 ? K : ceilDiv(ceilDiv(K, slices), 4) * 4;
  return { constants: { WG_X: wgX, WG_Y: wgY, WIDE: wide ? 1 : 0, TALL: tall ? 1 : 0 }, grid: [x, y] as const, splits: ceilDiv(K, chunk), chunk };
}
