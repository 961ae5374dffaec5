// batchnorm's plan: per-channel reductions (the training statistics, the backward sums) and
// element-wise passes (normalize, dx).
//   reductions   tree         one workgroup per channel, summed through workgroup memory
//                serial       one invocation per channel, no barrier
//                serial-vec4  the same over vec4s, where a channel's runs are whole vec4s
//   elementwise  vec4         the '…4' entry points, where a channel's run is whole vec4s
//                scalar       one element an invocation otherwise
import { ceilDiv } from '../dispatch.ts';
import { planElementwise, type DeviceFacts, type KernelPlan } from '../kernel-plan.ts';
import type { BatchNormShape } from '../../model/op-shapes.ts';

export type BatchNormReduceVariant = 'tree' | 'serial' | 'serial-vec4';
export type BatchNormElementwiseVariant = 'vec4' | 'scalar';

export interface BatchNormPlan {
  trainStats: KernelPlan<BatchNormReduceVariant, 'batchnorm'>;
  trainNormalize: KernelPlan<BatchNormElementwiseVariant, 'batchnorm'>;
  evalNormalize: KernelPlan<BatchNormElementwiseVariant, 'batchnorm'>;
  backwardReduce: KernelPlan<BatchNormReduceVariant, 'batchnorm'>;
  backwardDx: KernelPlan<BatchNormElementwiseVariant, 'batchnorm'>;
}

const WG = 256;
const SERIAL_WG = 64;
const MAX_WORKGROUPS = 65535;
// Up to this many terms per channel, one invocation sums a channel alone: a dense layer's batch.
// A workgroup's barriers cost more than so few terms, on any adapter. On SwiftShader the serial
// sums won at every size measured (docs/ENGINE-KERNELS-NOTES.md), so software adapters always
// take them.
const SERIAL_MAX_TERMS = 1024;

export function planBatchNorm(shape: BatchNormShape, facts: DeviceFacts): BatchNormPlan {
  const vec4 = shape.inner % 4 === 0;
  const tree = !facts.software && shape.batch * shape.inner > SERIAL_MAX_TERMS && shape.channels <= MAX_WORKGROUPS;
  const reduce = (entry: string): KernelPlan<BatchNormReduceVariant, 'batchnorm'> =>
    tree
      ? { variant: 'tree', shader: 'batchnorm', entryPoint: entry, constants: {}, workgroups: [shape.channels, 1, 1] }
      : {
          variant: vec4 ? 'serial-vec4' : 'serial',
          shader: 'batchnorm',
          entryPoint: `${entry}${vec4 ? 'Serial4' : 'Serial'}`,
          constants: {},
          workgroups: [ceilDiv(shape.channels, SERIAL_WG), 1, 1],
        };
  const total = shape.batch * shape.channels * shape.inner;
  const elementwise = (entry: string): KernelPlan<BatchNormElementwiseVariant, 'batchnorm'> => ({
    variant: vec4 ? 'vec4' : 'scalar',
    shader: 'batchnorm',
    entryPoint: vec4 ? `${entry}4` : entry,
    constants: {},
    workgroups: planElementwise(vec4 ? total / 4 : total, facts, WG),
  });
  return {
    trainStats: reduce('trainStats'),
    trainNormalize: elementwise('trainNormalize'),
    evalNormalize: elementwise('evalNormalize'),
    backwardReduce: reduce('backwardReduce'),
    backwardDx: elementwise('backwardDx'),
  };
}
