// matmul: the GEMM behind dense layers, forward (A·B + bias, ReLU) and backward (Aᵀ·B, A·Bᵀ).
import code from '../../shaders/matmul.wgsl?raw';
import { ceilDiv, makeDispatch, requirePositiveIntegers, workgroupsFor, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';

export const matmulShader = { name: 'matmul', code };

export interface MatmulShape {
  M: number;
  N: number;
  K: number;
  /** A is stored [K, M] and read transposed. */
  transA?: boolean;
  /** B is stored [N, K] and read transposed. */
  transB?: boolean;
  relu?: boolean;
}

export interface MatmulBuffers {
  a: Binding;
  b: Binding;
  /** Length N, added to every row; omit for none. */
  bias?: Binding;
  out: Binding;
}

const TILE = 64;

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
    RELU: shape.relu ? 1 : 0,
  };
  // With no bias the binding is still declared; any read-only buffer stands in, unread.
  const bindings = [buffers.a, buffers.b, buffers.bias ?? buffers.b, buffers.out];
  const registers = ctx.software ? registerGrid(M, N) : null;
  const d = registers
    ? await makeDispatch(ctx, { label, shader: matmulShader, entryPoint: 'registers', constants: { ...constants, ...registers.constants }, bindings, workgroups: registers.workgroups })
    : await makeDispatch(ctx, { label, shader: matmulShader, constants, bindings, workgroups: workgroupsFor([N, M], [TILE, TILE]) });
  return [d];
}

// The software variant: one invocation per 4×4 block, 64 to a workgroup, as wide along N as N
// allows. Null when the grid would not fit (the tiled kernel covers 16× more per workgroup).
const REGISTER_WG = 64;
const MAX_GRID = 65535;

function registerGrid(M: number, N: number) {
  const cols = ceilDiv(N, 4);
  const rows = ceilDiv(M, 4);
  let wgX = 1;
  while (wgX < REGISTER_WG && wgX < cols) wgX *= 2;
  const wgY = REGISTER_WG / wgX;
  const workgroups = [ceilDiv(cols, wgX), ceilDiv(rows, wgY), 1] as const;
  if (workgroups[0] > MAX_GRID || workgroups[1] > MAX_GRID) return null;
  return { constants: { WG_X: wgX, WG_Y: wgY }, workgroups };
}
