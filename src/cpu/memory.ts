// The CPU engine's memory figure for a model: its layout's size (the one WebAssembly memory it
// will create, exactly), and whether that fits the engine's budget.
import { formatBytes } from '../model/bytes.ts';
import type { MemoryPlan } from '../model/engine.ts';
import type { ModelGraph } from '../model/graph.ts';
import type { CpuModelLayout } from './model-layout.ts';
import { MAX_PAGES, PAGE_BYTES } from './wasm/module.ts';

/**
 * What one model's memory may hold: 2 GiB. wasm32 addresses 4 GiB, but 32-bit browsers and many
 * phones refuse a memory that large; 2 GiB is what every 64-bit browser grants.
 */
export const CPU_MEMORY_BUDGET = Math.min(2 ** 31, MAX_PAGES * PAGE_BYTES);

/** The MNIST bytes the engine keeps as the data loader gave them. */
export function dataBytes(data: { train: { images: Uint8Array; labels: Uint8Array }; test: { images: Uint8Array; labels: Uint8Array } }): number {
  return data.train.images.byteLength + data.train.labels.byteLength + data.test.images.byteLength + data.test.labels.byteLength;
}

export function cpuModelMemory(
  layout: CpuModelLayout,
  graph: ModelGraph,
  batch: number,
  data: Parameters<typeof dataBytes>[0],
  budget = CPU_MEMORY_BUDGET,
): MemoryPlan {
  const total = layout.bytes;
  const largest = layout.plan.largest;
  const problem =
    total > budget
      ? `${graph.spec.name} at batch ${batch} needs ${formatBytes(total)} of WebAssembly memory (largest: ${largest?.label}, ${formatBytes(
          (largest?.floats ?? 0) * 4,
        )}); the CPU engine gives a model at most ${formatBytes(budget)}: lower the batch size or make the network smaller`
      : null;
  return {
    training: layout.trainingBytes,
    evaluation: layout.evaluationBytes,
    data: dataBytes(data),
    total: total + dataBytes(data),
    largest: { label: largest?.label ?? 'none', bytes: (largest?.floats ?? 0) * 4 },
    budget,
    maxBuffer: budget,
    problem,
  };
}
