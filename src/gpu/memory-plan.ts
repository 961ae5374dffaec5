// What a network holds on the GPU to train at a batch size, read from the layouts the planners
// allocate (not estimated beside them), and the engine's budget for it: a plan over budget is
// refused before any buffer exists, with the figure and the biggest buffer named.
import { evalPlanDecls, evalPlanLayout, predictPlanDecls, predictPlanLayout } from './eval-plan.ts';
import { insidePlanDecls, insidePlanLayout } from './inside-plan.ts';
import { sumBytes, type BufferDecl } from './memory.ts';
import { trainerDecls } from './train-plan.ts';
import { formatBytes } from '../model/bytes.ts';
import type { OptimizerName } from '../model/config.ts';
import type { ModelGraph } from '../model/graph.ts';

/**
 * The engine's budget for one model's buffers and the data. WebGPU does not say how much memory
 * a GPU has; 1 GiB fits integrated GPUs and phones, and leaves room for the moment a change of
 * model holds the old plan and the new one together.
 */
export const GPU_MEMORY_BUDGET = 1024 * 1024 * 1024;

export interface GpuMemory {
  /** The training plan, its snapshots and its readback ring. */
  training: number;
  /** The test-set evaluation, single-image prediction and inside-view plans, made on first use. */
  evaluation: number;
  /** MNIST, uploaded once and shared by every model. */
  data: number;
  total: number;
  /** The biggest single buffer, which must fit the device's per-buffer limit. */
  largest: BufferDecl;
}

export interface MemoryCase {
  batch: number;
  optimizer: OptimizerName;
  trainCount: number;
  testCount: number;
  dataBytes: number;
  /** A software adapter, whose kernels plan some buffers of their own (conv2d's bordered copies). */
  software: boolean;
}

export function planMemory(graph: ModelGraph, c: MemoryCase): GpuMemory {
  const training = trainerDecls(graph, c.batch, c.optimizer, c.trainCount, c.software);
  const evaluation = [
    ...evalPlanDecls(evalPlanLayout(graph, c.testCount, c.software)),
    ...predictPlanDecls(predictPlanLayout(graph, c.software)),
    ...insidePlanDecls(insidePlanLayout(graph, c.software)),
  ];
  const all = [...training, ...evaluation];
  const largest = all.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const t = sumBytes(training);
  const e = sumBytes(evaluation);
  return { training: t, evaluation: e, data: c.dataBytes, total: t + e + c.dataBytes, largest };
}

export interface MemoryLimits {
  /** The device's limit on one buffer (and one storage binding). */
  maxBufferBytes: number;
  budgetBytes: number;
}

export function deviceMemoryLimits(device: GPUDevice): MemoryLimits {
  return { maxBufferBytes: Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize), budgetBytes: GPU_MEMORY_BUDGET };
}

export interface MemoryReport extends GpuMemory {
  budget: number;
  maxBuffer: number;
  /** Why the plan cannot be allocated here; null when it fits. */
  problem: string | null;
}

/** The plan's memory against this device's limits and the engine's budget. */
export function checkMemory(graph: ModelGraph, c: MemoryCase, limits: MemoryLimits): MemoryReport {
  const m = planMemory(graph, c);
  return { ...m, budget: limits.budgetBytes, maxBuffer: limits.maxBufferBytes, problem: memoryProblem(m, limits, graph.spec.name, c.batch) };
}

/** The refusal names the network, the batch and the bytes, so the user knows what to shrink. */
function memoryProblem(m: GpuMemory, limits: MemoryLimits, network: string, batch: number): string | null {
  if (m.largest.bytes > limits.maxBufferBytes) {
    return `${network}'s ${m.largest.label} needs ${formatBytes(m.largest.bytes)} at batch ${batch}, over this GPU's ${formatBytes(limits.maxBufferBytes)} per buffer: lower the batch size or that layer's size`;
  }
  if (m.total > limits.budgetBytes) {
    return `training ${network} at batch ${batch} needs ${formatBytes(m.total)} of GPU memory, over the engine's budget of ${formatBytes(limits.budgetBytes)}: lower the batch size or the network's width`;
  }
  return null;
}
