// The whole benchmark on one host (a page or Node): every engine on the same MNIST, then the
// timing of one Inkling step's dispatches, which gives the adapter's best matmul kernel for the
// ceiling line (and the optional profile and per-layer table). The host registers TF.js
// backends beforehand; jax-js is loaded only when one of its devices is asked for. A peer
// asked for a model it cannot build stops the run here rather than train another model.
import type { Mnist } from '../../src/data/mnist.ts';
import { GpuDataset } from '../../src/gpu/dataset.ts';
import type { Gpu } from '../../src/gpu/device.ts';
import type { GpuContext } from '../../src/gpu/dispatch.ts';
import { builds, PEER_REACH, type BenchConfig, type EngineName } from './config.ts';
import type { EngineFactory } from './engine.ts';
import { specFlops } from './flops.ts';
import { createInklingEngine } from './inkling-engine.ts';
import { layerFigures, timeStep } from './kernels.ts';
import { measure } from './measure.ts';
import { byKernel } from './profile.ts';
import { kernelCeiling, summarize, type BenchResult, type KernelFigure } from './report.ts';
import { createTfjsEngine } from './tfjs-engine.ts';

const TIMING_REPEATS = 5;

export async function runBenchmark(config: BenchConfig, mnist: Mnist, gpu: Gpu & GpuContext, log: (line: string) => void): Promise<BenchResult> {
  const now = () => performance.now();
  log(`WebGPU adapter: ${gpu.adapterName}${gpu.hasTimestamps ? ' (timestamp-query)' : ''}`);
  if (config.profile && !gpu.hasTimestamps) throw new Error('--profile needs the timestamp-query feature, which this adapter does not offer');
  const unable = config.engines.filter((e) => !builds(e, config.model));
  if (unable.length > 0) throw new Error(`${PEER_REACH}: ${unable.join(', ')} cannot train model ${config.model.name}`);
  const data = GpuDataset.upload(gpu.device, mnist);
  try {
    const factories: Record<EngineName, EngineFactory> = {
      inkling: (batch) => createInklingEngine(gpu, data, mnist, batch, config.seed, config.model),
      tfjs_webgpu: (batch) => createTfjsEngine('webgpu', mnist, batch, config.seed, config.model),
      tfjs_webgl: (batch) => createTfjsEngine('webgl', mnist, batch, config.seed, config.model),
      jaxjs_webgpu: async (batch) => (await import('./jaxjs-engine.ts')).createJaxjsEngine('webgpu', mnist, batch, config.seed),
      jaxjs_wasm: async (batch) => (await import('./jaxjs-engine.ts')).createJaxjsEngine('wasm', mnist, batch, config.seed),
    };
    const digit = Float32Array.from(mnist.test.images.subarray(0, 28 * 28), (p) => p / 255);
    const measured = await measure(config, factories, { now, log, digit, software: gpu.isSoftware });
    const result = summarize(measured, { model: config.model.name, flopPerSample: specFlops(config.model).training, config });
    if (config.engines.includes('inkling') || config.profile || config.kernels) {
      // One timing of a step serves all three: the ceiling and the profile read the first batch size's.
      const kernels: KernelFigure[] = [];
      for (const batch of config.kernels ? config.batches : config.batches.slice(0, 1)) {
        const engine = await createInklingEngine(gpu, data, mnist, batch, config.seed, config.model);
        try {
          // One real step first: the step uniform's slot 0 then holds a step's values.
          await engine.train(1);
          log(`timing each dispatch of one Inkling step at batch ${batch}`);
          const timed = await timeStep(gpu.device, engine.trainer.plan, { repeats: TIMING_REPEATS, timestamps: gpu.hasTimestamps, now });
          if (config.profile && batch === config.batches[0]) result.profile = byKernel(timed);
          kernels.push(...layerFigures(engine.trainer.graph, batch, timed));
        } finally {
          await engine.dispose();
        }
      }
      result.ceiling = kernelCeiling(kernels, result.inkling, gpu.hasTimestamps);
      if (config.kernels) result.kernels = kernels;
    }
    return result;
  } finally {
    data.destroy();
  }
}
