// The whole benchmark on one host (a page or Node): every engine on the same MNIST, then the
// timing of one Inkling step's dispatches, which gives the adapter's best matmul kernel for the
// ceiling line (and the optional profile and per-layer table), and with the CPU engine, its
// kernels' profile. The host registers TF.js backends beforehand and gives the CPU engine its
// threads; jax-js and the CPU engine are loaded only when asked for. A peer asked for a model
// it cannot build stops the run here rather than train another model. Native PyTorch runs
// outside any page: the CLI adds it (pytorch-cpu.ts).
import type { CpuThreads } from '../../src/cpu/threads.ts';
import type { Mnist } from '../../src/data/mnist.ts';
import { GpuDataset } from '../../src/gpu/dataset.ts';
import type { Gpu } from '../../src/gpu/device.ts';
import type { GpuContext } from '../../src/gpu/dispatch.ts';
import { builds, NATIVE_ENGINES, PEER_REACH, type BenchConfig, type EngineName } from './config.ts';
import type { EngineFactory } from './engine.ts';
import { specFlops } from './flops.ts';
import { createInklingEngine } from './inkling-engine.ts';
import { layerFigures, timeStep } from './kernels.ts';
import { measure } from './measure.ts';
import { byKernel } from './profile.ts';
import { kernelCeiling, summarize, type BenchResult, type KernelFigure } from './report.ts';
import { createTfjsEngine } from './tfjs-engine.ts';

const TIMING_REPEATS = 5;

/** What the host gives the engines beside the GPU: the CPU engine's threads, where it is asked for. */
export interface BenchHost {
  cpuThreads?: CpuThreads;
}

export async function runBenchmark(
  config: BenchConfig,
  mnist: Mnist,
  gpu: Gpu & GpuContext,
  log: (line: string) => void,
  host: BenchHost = {},
): Promise<BenchResult> {
  const now = () => performance.now();
  log(`WebGPU adapter: ${gpu.adapterName}${gpu.hasTimestamps ? ' (timestamp-query)' : ''}`);
  const cpu = config.engines.includes('inkling_wasm') ? host.cpuThreads : undefined;
  if (config.engines.includes('inkling_wasm') && !cpu) throw new Error('this host gives the CPU engine (inkling_wasm) no threads');
  // --profile on a run of the CPU engine without the GPU one profiles the CPU engine alone.
  const gpuProfile = config.profile && (config.engines.includes('inkling') || !cpu);
  if (gpuProfile && !gpu.hasTimestamps) throw new Error('--profile needs the timestamp-query feature, which this adapter does not offer');
  const unable = config.engines.filter((e) => !builds(e, config.model));
  if (unable.length > 0) throw new Error(`${PEER_REACH}: ${unable.join(', ')} cannot train model ${config.model.name}`);
  const data = GpuDataset.upload(gpu.device, mnist);
  try {
    const factories: Partial<Record<EngineName, EngineFactory>> = {
      inkling: (batch) => createInklingEngine(gpu, data, mnist, batch, config.seed, config.model),
      ...(cpu
        ? {
            inkling_wasm: async (batch: number) =>
              (await import('./inkling-wasm-engine.ts')).createInklingWasmEngine(cpu, mnist, batch, config.seed, config.model),
          }
        : {}),
      tfjs_webgpu: (batch) => createTfjsEngine('webgpu', mnist, batch, config.seed, config.model),
      tfjs_webgl: (batch) => createTfjsEngine('webgl', mnist, batch, config.seed, config.model),
      jaxjs_webgpu: async (batch) => (await import('./jaxjs-engine.ts')).createJaxjsEngine('webgpu', mnist, batch, config.seed),
      jaxjs_wasm: async (batch) => (await import('./jaxjs-engine.ts')).createJaxjsEngine('wasm', mnist, batch, config.seed),
    };
    const digit = Float32Array.from(mnist.test.images.subarray(0, 28 * 28), (p) => p / 255);
    const inPage = { ...config, engines: config.engines.filter((e) => !NATIVE_ENGINES.includes(e)) };
    const measured = await measure(inPage, factories, { now, log, digit, software: gpu.isSoftware });
    const result = summarize(measured, { model: config.model.name, flopPerSample: specFlops(config.model).training, config });
    if (config.engines.includes('inkling') || gpuProfile || config.kernels) {
      // One timing of a step serves all three: the ceiling and the profile read the first batch size's.
      const kernels: KernelFigure[] = [];
      for (const batch of config.kernels ? config.batches : config.batches.slice(0, 1)) {
        const engine = await createInklingEngine(gpu, data, mnist, batch, config.seed, config.model);
        try {
          // One real step first: the step uniform's slot 0 then holds a step's values.
          await engine.train(1);
          log(`timing each dispatch of one Inkling step at batch ${batch}`);
          const timed = await timeStep(gpu.device, engine.trainer.plan, { repeats: TIMING_REPEATS, timestamps: gpu.hasTimestamps, now });
          if (gpuProfile && batch === config.batches[0]) result.profile = byKernel(timed);
          kernels.push(...layerFigures(engine.trainer.graph, batch, timed));
        } finally {
          await engine.dispose();
        }
      }
      result.ceiling = kernelCeiling(kernels, result.inkling, gpu.hasTimestamps);
      if (config.kernels) result.kernels = kernels;
    }
    if (config.profile && cpu) {
      log(`profiling the CPU engine's kernels at batch ${config.batches[0]}`);
      const { profileCpuStep } = await import('./inkling-wasm-engine.ts');
      result.cpu_profile = await profileCpuStep(cpu, mnist, config.batches[0], config.seed, config.model, now);
    }
    return result;
  } finally {
    data.destroy();
  }
}
