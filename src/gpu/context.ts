// What kernels are given: the device, the shared pipeline cache, and whether the adapter is a
// software rasteriser (the kernel plans, src/gpu/kernel-plan.ts, then pick the software variants).
import type { Gpu } from './device.ts';
import type { GpuContext } from './dispatch.ts';
import { PipelineCache } from './pipelines.ts';

export type GpuHost = Gpu & GpuContext;

export function createContext(gpu: Gpu): GpuHost {
  return { ...gpu, pipelines: new PipelineCache(gpu.device), software: gpu.isSoftware };
}
