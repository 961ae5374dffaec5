// The CPU update of every optimizer, keyed by the names of src/model/optimizers: an optimizer
// without one here does not compile (as src/gpu/optimizers.ts is for the GPU).
import type { MomentOf, OptimizerName, OptimizerStep } from '../model/optimizers/index.ts';
import type { Region } from './arena.ts';
import type { Run } from './run.ts';

/** Elements per range: whole v128s, so the SIMD body covers each range but the last. */
const GRAIN = 4;

export type CpuOptimizer<M extends string> = (run: Run, count: number, params: Region, grads: Region, moments: Record<M, Region>, step: OptimizerStep) => void;

/** β^t by repeated squaring in f32, as the GPU's kernel computes it (src/shaders/adam.wgsl). */
function powF32(base: number, e: number): number {
  let result = 1;
  let b = Math.fround(base);
  for (let k = e; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = Math.fround(result * b);
    b = Math.fround(b * b);
  }
  return result;
}

const CPU_OPTIMIZERS: { [K in OptimizerName]: CpuOptimizer<MomentOf<K>> } = {
  adam(run, count, params, grads, { m, v }, s) {
    const f = Math.fround;
    const lrT = f(f(f(s.lr) * f(Math.sqrt(f(1 - powF32(s.beta2, s.t))))) / f(1 - powF32(s.beta1, s.t)));
    run.parallel('adam_update', count, [params.offset, grads.offset, m.offset, v.offset, lrT, s.beta1, s.beta2, s.eps], GRAIN);
  },
  sgd(run, count, params, grads, { velocity }, s) {
    run.parallel('sgd_update', count, [params.offset, grads.offset, velocity.offset, s.lr, s.momentum], GRAIN);
  },
};

export function cpuOptimizer(name: OptimizerName): CpuOptimizer<string> {
  return CPU_OPTIMIZERS[name];
}
