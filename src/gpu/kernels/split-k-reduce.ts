// The second pass of a split-K GEMM: sums the slices the first pass wrote into scratch, in order,
// and applies the epilogue (bias, ReLU) that the split postponed.
import code from '../../shaders/split-k-reduce.wgsl?raw';
import { ceilDiv, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';

export const splitKReduceShader = { name: 'split-k-reduce', code };

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
  relu?: boolean;
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
      RELU: s.relu ? 1 : 0,
    },
    // With no bias the binding is still declared; the partials stand in, unread.
    bindings: [buffers.partials, buffers.bias ?? buffers.partials, buffers.out],
    workgroups: [ceilDiv(s.count, WG), 1, 1],
  });
}
