// The GPU update kernel of every optimizer, keyed by the names of src/model/optimizers: an
// optimizer without a build here does not compile (as src/gpu/layers/index.ts is for layer kinds).
import type { Binding, Dispatch, GpuContext } from './dispatch.ts';
import { adam } from './kernels/adam.ts';
import { sgd } from './kernels/sgd.ts';
import type { MomentOf, OptimizerName } from '../model/optimizers/index.ts';

export interface OptimizerBuffers<M extends string> {
  params: Binding;
  grads: Binding;
  /** The optimizer's moments by name (zero before step 1). */
  moments: Record<M, Binding>;
  /** The per-step uniform (src/gpu/step-params.ts). */
  step: Binding;
}

/** Builds the dispatches of one optimizer step over `count` parameters. */
export type GpuOptimizer<M extends string> = (ctx: GpuContext, count: number, buffers: OptimizerBuffers<M>) => Promise<Dispatch[]>;

const GPU_OPTIMIZERS: { [K in OptimizerName]: GpuOptimizer<MomentOf<K>> } = {
  adam: (ctx, count, { params, grads, moments, step }) => adam(ctx, { count }, { params, grads, m: moments.m, v: moments.v, step }, 'adam'),
  sgd: (ctx, count, { params, grads, moments, step }) => sgd(ctx, { count }, { params, grads, velocity: moments.velocity, step }, 'sgd'),
};

export function gpuOptimizer(name: OptimizerName): GpuOptimizer<string> {
  return GPU_OPTIMIZERS[name];
}
