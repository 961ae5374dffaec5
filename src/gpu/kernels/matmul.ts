// matmul: the GEMM behind dense layers, forward (A·B + bias, ReLU) and backward (Aᵀ·B, A·Bᵀ).
import code from '../../shaders/matmul.wgsl?raw';
import { makeDispatch, workgroupsFor, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';

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
  for (const [name, v] of Object.entries({ M, N, K })) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${label}: ${name} must be a positive integer, got ${v}`);
  }
  const d = await makeDispatch(ctx, {
    label,
    shader: matmulShader,
    constants: {
      M,
      N,
      K,
      TRANS_A: shape.transA ? 1 : 0,
      TRANS_B: shape.transB ? 1 : 0,
      BIAS: buffers.bias ? 1 : 0,
      RELU: shape.relu ? 1 : 0,
    },
    // With no bias the binding is still declared; any read-only buffer stands in, unread.
    bindings: [buffers.a, buffers.b, buffers.bias ?? buffers.b, buffers.out],
    workgroups: workgroupsFor([N, M], [TILE, TILE]),
  });
  return [d];
}
