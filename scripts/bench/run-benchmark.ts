// The whole benchmark on one host (a page or Node): both engines on the same MNIST, then the
// optional profile and kernel micro-benchmarks. The host registers TF.js backends beforehand.
import type { Mnist } from '../../src/data/mnist.ts';
import { GpuDataset } from '../../src/gpu/dataset.ts';
import type { Gpu } from '../../src/gpu/device.ts';
import type { GpuContext } from '../../src/gpu/dispatch.ts';
import { MODELS } from '../../src/gpu/models.ts';
import type { EngineFactory } from './engine.ts';
import { countFlops } from './flops.ts';
import { createInklingEngine } from './inkling-engine.ts';
import { kernelBench } from './kernels.ts';
import { measure } from './measure.ts';
import type { BenchConfig, EngineName } from './options.ts';
import { profileStep } from './profile.ts';
import { summarize, type BenchResult } from './report.ts';
import { createTfjsEngine } from './tfjs-engine.ts';

const PROFILE_REPEATS = 5;

export async function runBenchmark(config: BenchConfig, mnist: Mnist, gpu: Gpu & GpuContext, log: (line: string) => void): Promise<BenchResult> {
  const now = () => performance.now();
  log(`WebGPU adapter: ${gpu.adapterName}${gpu.hasTimestamps ? ' (timestamp-query)' : ''}`);
  const data = GpuDataset.upload(gpu.device, mnist);
  try {
    const factories: Record<EngineName, EngineFactory> = {
      inkling: (batch) => createInklingEngine(gpu, data, mnist, batch, config.seed, config.model),
      tfjs_webgpu: (batch) => createTfjsEngine('webgpu', mnist, batch, config.seed),
      tfjs_webgl: (batch) => createTfjsEngine('webgl', mnist, batch, config.seed),
    };
    const digit = Float32Array.from(mnist.test.images.subarray(0, 28 * 28), (p) => p / 255);
    const measured = await measure(config, factories, { now, log, digit, software: gpu.isSoftware });
    const model = MODELS[config.model];
    const result = summarize(measured, { model: model.name, flopPerSample: countFlops(model).training, config });
    if (config.profile) {
      const batch = config.batches[0];
      const engine = await createInklingEngine(gpu, data, mnist, batch, config.seed, config.model);
      try {
        await engine.train(1);
        log(`profiling one Inkling step at batch ${batch}`);
        result.profile = await profileStep(gpu.device, engine.trainer.plan.steps[0], { repeats: PROFILE_REPEATS, hasTimestamps: gpu.hasTimestamps, now });
      } finally {
        await engine.dispose();
      }
    }
    if (config.kernels) {
      log('kernel micro-benchmarks');
      result.kernels = await kernelBench(gpu, model, config.batches, now);
    }
    return result;
  } finally {
    data.destroy();
  }
}
