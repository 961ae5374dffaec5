// The CPU engine's standalone reader (src/model/engine.ts): a model that reads drawings, opened
// from its weights with no data and nothing compiled but the kernels' WebAssembly, so a page
// reads its first digit before its engine has the data or the training plan.
import type { TrainConfig } from '../model/config.ts';
import type { LabelledImages, StandaloneReader } from '../model/engine.ts';
import { buildGraph, packWeights, type NamedTensors } from '../model/graph.ts';
import { parseModelSpec } from '../model/spec.ts';
import { f32 } from './arena.ts';
import { layoutModel } from './model-layout.ts';
import { CpuReadingModel } from './reading-model.ts';
import type { CpuThreads } from './threads.ts';
import { instantiate, kernelModule, newMemory } from './wasm/module.ts';

/** A reader has no test set: it predicts and looks inside, and the model it stands in for evaluates. */
const NO_TEST_SET: LabelledImages = { count: 0, rows: 28, cols: 28, images: new Uint8Array(0), labels: new Uint8Array(0) };

/** Starts compiling the kernels a reader on `threads` runs, so that opening one waits less; a failure is the open's to report. */
export function prepareCpuReader(threads: CpuThreads): void {
  kernelModule(threads.shared).catch(() => undefined);
}

export async function openCpuReader(threads: CpuThreads, config: TrainConfig, weights: NamedTensors): Promise<StandaloneReader> {
  const graph = buildGraph(parseModelSpec(config.model));
  const packed = packWeights(graph, weights);
  // The training side is laid out at one image: it never runs here, and so takes little memory.
  const layout = layoutModel(graph, 1, config.optimizer);
  const memory = newMemory(layout.bytes, threads.shared);
  const run = await threads.attach(memory, await instantiate(await kernelModule(threads.shared), memory));
  f32(memory, layout.model.params).set(packed.params);
  f32(memory, layout.model.state).set(packed.state);
  return { graph, reading: new CpuReadingModel(graph, layout, run, NO_TEST_SET) };
}
