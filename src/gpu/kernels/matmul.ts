// matmul: the GEMM behind dense layers, forward (A·B + bias, activation) and backward (Aᵀ·B, A·Bᵀ).
// Which kernel runs is matmul-plan.ts's choice; this file binds the buffers and applies it.
import code from '../../shaders/matmul.wgsl?raw';
import vec4Code from '../../shaders/matmul-vec4.wgsl?raw';
import shapeWgsl from '../../shaders/lib/matmul-shape.wgsl?raw';
import activationWgsl from '../../shaders/lib/activation.wgsl?raw';
import acc8Wgsl from '../../shaders/lib/acc8.wgsl?raw';
import { bindingBytes, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { deviceFacts, planned } from '../kernel-plan.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { activationCode } from '../../model/activation.ts';
import { splitKReduce } from './split-k-reduce.ts';
import { matmulScratchBytes, planMatmul, type MatmulShaderName } from './matmul-plan.ts';
import type { MatmulShape } from '../../model/op-shapes.ts';
import type { ShaderSource } from '../pipelines.ts';

// The appended fragments go after the kernel, so compile errors keep its own line numbers.
const fragments = `${shapeWgsl}\n${activationWgsl}\n${acc8Wgsl}`;
export const matmulShader = { name: 'matmul', code: `${code}\n${fragments}` };
export const matmulVec4Shader = { name: 'matmul-vec4', code: `${vec4Code}\n${fragments}` };
const SHADERS: Record<MatmulShaderName, ShaderSource> = { matmul: matmulShader, 'matmul-vec4': matmulVec4Shader };

export type { MatmulShape };
export { matmulScratchBytes, matmulSplit } from './matmul-plan.ts';

export interface MatmulBuffers {
  a: Binding;
  b: Binding;
  /** Length N, added to every row; omit for none. */
  bias?: Binding;
  out: Binding;
  /** At least matmulScratchBytes(shape) bytes, where that is not 0. */
  scratch?: Binding;
}

/** One dispatch, or, where the plan cuts K into slices, the slices into scratch (the bias waits) and their reduce. */
export async function matmul(ctx: GpuContext, shape: MatmulShape, buffers: MatmulBuffers, label = 'matmul'): Promise<Dispatch[]> {
  const { M, N, K } = shape;
  requirePositiveIntegers(label, { M, N, K });
  const p = planMatmul(shape, deviceFacts(ctx));
  const constants = {
    M,
    N,
    K,
    TRANS_A: shape.transA ? 1 : 0,
    TRANS_B: shape.transB ? 1 : 0,
    BIAS: buffers.bias ? 1 : 0,
    ACTIVATION: activationCode(shape.activation ?? 'none', label),
    ...p.constants,
  };
  // With no bias the binding is still declared; any read-only buffer stands in, unread.
  const bias = buffers.bias ?? buffers.b;
  if (p.splits === 1) return [await makeDispatch(ctx, { label, ...planned(p, SHADERS), constants, bindings: [buffers.a, buffers.b, bias, buffers.out] })];
  const scratch = splitScratch(shape, buffers, p.splits, label);
  return [
    await makeDispatch(ctx, {
      label: `${label}.slices`,
      ...planned(p, SHADERS),
      constants,
      bindings: [buffers.a, buffers.b, p.declaresBias ? bias : null, scratch],
    }),
    await reduceSplits(ctx, shape, buffers, p.splits, scratch, label),
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
