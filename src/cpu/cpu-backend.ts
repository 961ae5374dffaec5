// The CPU backend behind the engine interface (src/model/engine.ts): WebAssembly SIMD kernels on
// this thread, or on a pool of threads over shared memory where the host offers one. It needs no
// device: it can only be unavailable where WebAssembly is. The worker's entry and the Node CLI
// hand one to the session; nothing above it names a CPU type.
import { checkConfig, type TrainConfig } from '../model/config.ts';
import type {
  BackendEvents,
  DigitData,
  Engine,
  EngineBackend,
  EngineHooks,
  FineTuneOptions,
  LabelledImages,
  MemoryPlan,
  TrainingModel,
} from '../model/engine.ts';
import { packWeights, type NamedTensors } from '../model/graph.ts';
import { cpuFineTune } from './fine-tune.ts';
import { cpuModelMemory } from './memory.ts';
import { layoutModel } from './model-layout.ts';
import { ONE_THREAD, type CpuThreads } from './threads.ts';
import { CpuTrainer } from './trainer.ts';
import { kernelModule } from './wasm/module.ts';

export class CpuBackend implements EngineBackend {
  /** `threads`: how models get their kernels run (one thread unless the host starts a pool). */
  constructor(private readonly threads: CpuThreads = ONE_THREAD) {}

  async open(data: () => Promise<DigitData>, events: BackendEvents): Promise<Engine> {
    try {
      await kernelModule(this.threads.shared);
    } catch (e) {
      const message = `this browser cannot compile the CPU engine's WebAssembly SIMD kernels: ${(e as Error).message}`;
      events.onUnavailable('no-api', message);
      throw new Error(message);
    }
    return new CpuEngine(this.threads, await data());
  }
}

export class CpuEngine implements Engine {
  constructor(
    readonly threads: CpuThreads,
    private readonly data: DigitData,
  ) {}

  get adapterName(): string {
    const n = this.threads.threads;
    return `CPU · WebAssembly SIMD · ${n} thread${n === 1 ? '' : 's'}`;
  }

  get trainCount(): number {
    return this.data.train.count;
  }

  check(config: TrainConfig, weights?: NamedTensors): TrainConfig {
    const { config: checked, graph } = checkConfig(config, this.data.train.count);
    const memory = cpuModelMemory(layoutModel(graph, checked.batchSize, checked.optimizer), graph, checked.batchSize, this.data);
    if (memory.problem) throw new Error(memory.problem);
    if (weights) packWeights(graph, weights);
    return checked;
  }

  memory(config: TrainConfig): MemoryPlan {
    const { config: checked, graph } = checkConfig(config, this.data.train.count);
    return cpuModelMemory(layoutModel(graph, checked.batchSize, checked.optimizer), graph, checked.batchSize, this.data);
  }

  create(config: TrainConfig, hooks?: EngineHooks, weights?: NamedTensors): Promise<TrainingModel> {
    return CpuTrainer.create(this.threads, this.data, config, hooks, weights);
  }

  fineTune(weights: NamedTensors, set: LabelledImages, options: FineTuneOptions): Promise<NamedTensors> {
    return cpuFineTune(this.threads, this.data, weights, set, options);
  }
}
