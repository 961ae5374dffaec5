// The WebGPU backend behind the engine interface (src/model/engine.ts): it asks for a device
// (device.ts), puts the data on it inside error scopes, and builds Trainers there. The worker's
// entry hands one to the session; nothing above it names a GPU type.
import { GpuDataset } from './dataset.ts';
import { buildInErrorScopes, NoWebGpuError, requestGpu } from './device.ts';
import { createContext, type GpuHost } from './context.ts';
import { fineTune } from './fine-tune.ts';
import { Trainer } from './trainer.ts';
import { admit, trainerMemory } from './trainer-admission.ts';
import { validateConfig, type TrainConfig } from '../model/config.ts';
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
import type { NamedTensors } from '../model/graph.ts';

export class GpuBackend implements EngineBackend {
  private opened: GpuEngine | null = null;

  /** `gpu`: the platform's WebGPU entry (navigator.gpu), undefined where there is none. */
  constructor(private readonly gpu: GPU | undefined) {}

  async open(data: () => Promise<DigitData>, events: BackendEvents): Promise<Engine> {
    let host: GpuHost;
    try {
      const gpu = await requestGpu(this.gpu, {
        // The session never destroys its own device, so every loss is one to recover from.
        onLost: (reason, message) => events.onLost(`${reason}: ${message || 'no message'}`),
        onError: (message) => events.onError(message),
      });
      host = createContext(gpu);
    } catch (e) {
      if (e instanceof NoWebGpuError) events.onUnavailable(e.reason, e.message);
      throw e;
    }
    const digits = await data();
    // MNIST onto the device, inside error scopes as every plan is: a device without room for it says so.
    const dataset = await buildInErrorScopes(
      host.device,
      'the MNIST data on the GPU',
      () => Promise.resolve(GpuDataset.upload(host.device, digits)),
      (d) => d.destroy(),
    );
    this.opened = new GpuEngine(host, dataset);
    return this.opened;
  }

  /** The device of the engine opened last (tests lose it on purpose). */
  get device(): GPUDevice | null {
    return this.opened?.host.device ?? null;
  }
}

class GpuEngine implements Engine {
  constructor(
    readonly host: GpuHost,
    private readonly data: GpuDataset,
  ) {}

  get adapterName(): string {
    return this.host.adapterName;
  }

  get trainCount(): number {
    return this.data.train.count;
  }

  check(config: TrainConfig, weights?: NamedTensors): TrainConfig {
    return admit(this.host, this.data, config, weights).checked;
  }

  memory(config: TrainConfig): MemoryPlan {
    return trainerMemory(this.host, this.data, validateConfig(config, this.data.train.count));
  }

  create(config: TrainConfig, hooks?: EngineHooks, weights?: NamedTensors): Promise<TrainingModel> {
    return Trainer.create(this.host, this.data, config, hooks, weights);
  }

  fineTune(weights: NamedTensors, set: LabelledImages, options: FineTuneOptions): Promise<NamedTensors> {
    return fineTune(this.host, this.data, weights, set, options);
  }
}
