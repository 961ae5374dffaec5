// What a Trainer checks before it touches the GPU: the config, the memory plan against this
// device, and the weights when given, from one build of the graph. A caller can run it before
// freeing the model in use, so a refused change leaves that model as it was.
import type { GpuDataset } from './dataset.ts';
import type { GpuContext } from './dispatch.ts';
import { checkMemory, deviceMemoryLimits, type MemoryReport } from './memory-plan.ts';
import { checkConfig, type TrainConfig } from '../model/config.ts';
import { buildGraph, packWeights, type ModelGraph, type NamedTensors } from '../model/graph.ts';

export interface Admission {
  /** The config as checked (its spec parsed). */
  checked: TrainConfig;
  graph: ModelGraph;
  memory: MemoryReport;
}

/** Throws the refusal, naming the problem; nothing is allocated. */
export function admit(ctx: GpuContext, data: GpuDataset, config: TrainConfig, weights?: NamedTensors): Admission {
  const { config: checked, graph } = checkConfig(config, data.train.count);
  const memory = trainerMemory(ctx, data, checked, graph);
  if (memory.problem) throw new Error(memory.problem);
  // After the memory check: a network too big for the GPU is refused before its weights fill the CPU's memory.
  if (weights) packWeights(graph, weights);
  return { checked, graph, memory };
}

/** What a trainer of this config would allocate here, from the layouts it allocates, and whether that fits. */
export function trainerMemory(ctx: GpuContext, data: GpuDataset, config: TrainConfig, graph: ModelGraph = buildGraph(config.model)): MemoryReport {
  const c = {
    batch: config.batchSize,
    optimizer: config.optimizer,
    trainCount: data.train.count,
    testCount: data.test.count,
    dataBytes: data.bytes,
    software: Boolean(ctx.software),
  };
  return checkMemory(graph, c, deviceMemoryLimits(ctx.device));
}
