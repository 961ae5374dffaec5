// Inkling's CPU engine (WebAssembly SIMD kernels, src/cpu/) behind the benchmark's engine
// interface, opened as the app opens it: a CpuBackend on the threads the page got, one model per
// batch size. The same recipe, initial weights and batch order as the GPU engine, so their
// first-step losses agree.
import { CpuBackend } from '../../src/cpu/cpu-backend.ts';
import { simdPeak } from '../../src/cpu/profile.ts';
import type { CpuThreads } from '../../src/cpu/threads.ts';
import type { Mnist } from '../../src/data/mnist.ts';
import type { TrainConfig } from '../../src/model/config.ts';
import type { BackendEvents, StepMetrics } from '../../src/model/engine.ts';
import { splitMetrics } from '../../src/model/metrics.ts';
import type { ModelSpec } from '../../src/model/spec.ts';
import { cpuKernelFigures, KernelRecorder, type CpuProfile } from './cpu-profile.ts';
import type { BenchEngine } from './engine.ts';

/** A CPU has no device to lose: any of these is a failure of the run. */
const EVENTS: BackendEvents = {
  onUnavailable: (_, message) => {
    throw new Error(`the CPU engine cannot run here: ${message}`);
  },
  onLost: (message) => {
    throw new Error(`the CPU engine was lost: ${message}`);
  },
  onError: (message) => {
    throw new Error(`the CPU engine reported an error: ${message}`);
  },
};

function isolation(threads: number): string {
  if (threads > 1) return '';
  return globalThis.crossOriginIsolated === false ? ' (page not cross-origin isolated: no shared memory)' : '';
}

export async function createInklingWasmEngine(threads: CpuThreads, mnist: Mnist, batch: number, seed: number, model: ModelSpec): Promise<BenchEngine> {
  const engine = await new CpuBackend(threads).open(() => Promise.resolve(mnist), EVENTS);
  let firstLoss: number | undefined;
  const onMetrics = (m: StepMetrics) => {
    if (m.firstStep === 1) firstLoss = m.loss[0];
  };
  // The GPU engine's bench recipe: Adam at a constant 1e-3.
  const config: TrainConfig = { model, optimizer: 'adam', learningRate: 1e-3, schedule: 'constant', batchSize: batch, epochs: 50, seed };
  const trainer = await engine.create(config, { onMetrics });
  return {
    name: 'inkling_wasm',
    adapter: `${engine.adapterName}${isolation(threads.threads)}`,
    threads: threads.threads,
    get firstLoss() {
      return firstLoss;
    },
    async train(steps) {
      const done = await trainer.trainSteps(steps);
      const diverged = trainer.takeDivergence();
      if (done !== steps || diverged) {
        const why = diverged ? `diverged at step ${diverged.step} (loss ${diverged.loss})` : 'stopped early';
        throw new Error(`Inkling's CPU engine trained ${done} of ${steps} steps: ${why}`);
      }
    },
    async accuracy(limit) {
      return splitMetrics(await trainer.reading.evaluate(limit), mnist.test.labels).accuracy;
    },
    predict: (image) => trainer.reading.predict(image),
    dispose: () => trainer.destroy(),
  };
}

/** Untimed steps before the profile, so the caches and the JIT are warm. */
const PROFILE_WARMUP = 3;
/** The profile trains at least this many steps and this long. */
const PROFILE_STEPS = 5;
const PROFILE_MS = 1000;

/** --profile: every kernel call of real training steps at `batch`, and the SIMD peak of one thread. */
export async function profileCpuStep(threads: CpuThreads, mnist: Mnist, batch: number, seed: number, model: ModelSpec, now: () => number): Promise<CpuProfile> {
  const recorder = new KernelRecorder(now);
  const engine = await createInklingWasmEngine(recorder.threads(threads), mnist, batch, seed, model);
  try {
    await engine.train(PROFILE_WARMUP);
    recorder.recording = true;
    const t0 = now();
    let steps = 0;
    while (steps < PROFILE_STEPS || now() - t0 < PROFILE_MS) {
      await engine.train(1);
      steps++;
    }
    const stepMs = (now() - t0) / steps;
    recorder.recording = false;
    if (!recorder.kernels) throw new Error('the CPU engine attached no model');
    const peak = simdPeak(recorder.kernels).gflops;
    return {
      batch,
      threads: threads.threads,
      steps,
      step_ms: stepMs,
      kernel_ms: recorder.calls.reduce((s, c) => s + c.ms, 0) / steps,
      simd_peak_gflop_per_s: peak,
      simd_peak_all_threads: peak * threads.threads,
      kernels: cpuKernelFigures(recorder.calls, steps),
    };
  } finally {
    await engine.dispose();
  }
}
