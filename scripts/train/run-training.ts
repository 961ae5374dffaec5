// The training run itself, host- and backend-agnostic: the Chromium page, the Node entry through
// Dawn and the Node entry on the CPU engine all call it with an engine (src/model/engine.ts) that
// holds the data, and get back the summary line and (optionally) the weights.
import type { Mnist } from '../../src/data/mnist.ts';
import { DEFAULT_SCHEDULE, type TrainConfig } from '../../src/model/config.ts';
import type { BackendEvents, Engine } from '../../src/model/engine.ts';
import type { NamedTensors } from '../../src/model/graph.ts';
import { splitMetrics } from '../../src/model/metrics.ts';

export interface TrainRequest {
  config: TrainConfig;
  testLimit: number;
  wantWeights: boolean;
  /** The weights to start from (--init), float32 bytes as base64: the request crosses into Chromium as JSON. */
  init?: Record<string, { shape: number[]; data: string }>;
}

/** The request's starting weights as tensors. */
function initWeights(init: NonNullable<TrainRequest['init']>): NamedTensors {
  return Object.fromEntries(
    Object.entries(init).map(([name, t]) => {
      const bytes = Uint8Array.from(atob(t.data), (c) => c.charCodeAt(0));
      return [name, { shape: t.shape, data: new Float32Array(bytes.buffer) }];
    }),
  );
}

export interface TrainSummary {
  /** The spec's name: a preset's, or the one a --spec file gives. */
  model: string;
  /** Trainable values. */
  params: number;
  epochs: number;
  steps: number;
  batch: number;
  schedule: string;
  augment: boolean;
  /** Degrees either way; 0 when off. */
  rotate: number;
  zoom: number;
  label_smoothing: number;
  seed: number;
  test_accuracy: number;
  test_loss: number;
  train_loss: number;
  samples_per_s: number;
  seconds: number;
  adapter: string;
  /** The engine that trained: the GPU one (WebGPU) or the CPU one (WebAssembly). */
  backend: TrainBackend;
}

export type TrainBackend = 'webgpu' | 'wasm';

export interface TrainTick {
  step: number;
  totalSteps: number;
  samplesPerSecond: number;
  loss: number;
}

const TICK_STEPS = 50;

export async function runTraining(
  engine: Engine,
  backend: TrainBackend,
  mnist: Mnist,
  req: TrainRequest,
  onTick: (t: TrainTick) => void,
): Promise<{ summary: TrainSummary; weights: NamedTensors | null }> {
  const recent: number[] = [];
  const trainer = await engine.create(
    req.config,
    {
      onMetrics: (m) => {
        recent.push(...m.loss);
        if (recent.length > 100) recent.splice(0, recent.length - 100);
      },
    },
    req.init && initWeights(req.init),
  );
  try {
    const total = trainer.totalSteps;
    const start = performance.now();
    while (trainer.stepsDone < total) {
      await trainer.trainSteps(Math.min(TICK_STEPS, total - trainer.stepsDone));
      const diverged = trainer.takeDivergence();
      if (diverged) throw new Error(`training diverged at step ${diverged.step} (loss ${diverged.loss})`);
      onTick({ step: trainer.stepsDone, totalSteps: total, samplesPerSecond: trainer.samplesPerSecond, loss: recent[recent.length - 1] ?? NaN });
    }
    const seconds = (performance.now() - start) / 1000;
    const test = splitMetrics(await trainer.reading.evaluate(req.testLimit), mnist.test.labels);
    const tail = recent.slice(-50);
    return {
      summary: {
        model: trainer.graph.spec.name,
        params: trainer.graph.paramCount,
        epochs: total / trainer.stepsPerEpoch,
        steps: total,
        batch: req.config.batchSize,
        schedule: req.config.schedule ?? DEFAULT_SCHEDULE,
        augment: req.config.augment ?? false,
        rotate: req.config.rotate ?? 0,
        zoom: req.config.zoom ?? 0,
        label_smoothing: req.config.labelSmoothing ?? 0,
        seed: req.config.seed,
        test_accuracy: test.accuracy,
        test_loss: test.loss,
        train_loss: tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length),
        samples_per_s: (total * req.config.batchSize) / seconds,
        seconds,
        adapter: engine.adapterName,
        backend,
      },
      weights: req.wantWeights ? await trainer.getWeights() : null,
    };
  } finally {
    await trainer.destroy();
  }
}

/** What a CLI run does with an engine's events: a lost device or an error is said on stderr; opening throws its own refusal. */
export const CLI_ENGINE_EVENTS: BackendEvents = {
  onUnavailable: () => undefined,
  onLost: (message) => console.error(`train: the device was lost: ${message}`),
  onError: (message) => console.error(`train: device error: ${message}`),
};
