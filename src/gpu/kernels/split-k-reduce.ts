// The second pass of a split-K GEMM: sums the slices the first pass wrote into scratch, in order,
// and applies the epilogue (bias, activation) that the split postponed.
import code from '../../shaders/split-k-reduce.wgsl?raw';
import activationWgsl from '../../shaders/lib/activation.wgsl?raw';
import { ceilDiv, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { activationCode, type Activation } from '../../model/activation.ts';

// activate() goes after the kernel, so compile errors keep split-k-reduce.wgsl's own line numbers.
export const splitKReduceShader = { name: 'split-k-reduce', code: `${code}\n${activationWgsl}` };

const WG = 64;

export interface SplitKReduceShape {
  splits: number;
  /** Floats from one slice to the next. */
  partial: number;
  /** Where the summed block starts inside a slice. */
  offset?: number;
  count: number;
  /** Added to element j as bias[j % biasLength]: N for a row-major M×N block. */
  biasLength?: number;
  /** Applied after the bias; 'none' if absent. */
  activation?: Activation;
}

export interface SplitKReduceBuffers {
  partials: Binding;
  bias?: Binding;
  out: Binding;
}

export function splitKReduce(ctx: GpuContext, s: SplitKReduceShape, buffers: SplitKReduceBuffers, label: string): Promise<Dispatch> {
  return makeDispatch(ctx, {
    label,
    shader: splitKReduceShader,
    constants: {
      SPLITS: s.splits,
      PARTIAL: s.partial,
      OFFSET: s.offset ?? 0,
      COUNT: s.count,
      BIAS: buffers.bias ? 1 : 0,
      BIAS_LEN: s.biasLength ?? 1,
      ACTIVATION: activationCode(s.activation ?? 'none', label),
    },
    // With no bias the binding is still declared; the partials stand in, unread.
    bindings: [buffers.partials, buffers.bias ?? buffers.partials, buffers.out],
    workgroups: [ceilDiv(s.count, WG), 1, 1],
  });
}
