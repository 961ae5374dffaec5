// Runs the benchmark proper: for each batch size, build every engine, warm it up, time it in
// rotated rounds, then check what it learned and how fast it reads one digit.
import type { BenchEngine, EngineFactory } from './engine.ts';
import { stepsPerRound, type BenchConfig, type EngineName } from './config.ts';
import type { HostFigures } from './host.ts';
import { runRounds } from './schedule.ts';
import { median, spread, type Spread } from './stats.ts';

export interface Measured {
  engine: EngineName;
  adapter: string;
  /** The CPU engines: the threads it trained on. */
  threads?: number;
  batch: number;
  stepsPerRound: number;
  /** Wall time of each timed round, in round order. */
  roundMs: number[];
  /** Warm-up plus timed steps: the same for every engine at this batch size. */
  stepsTrained: number;
  accuracy: number;
  inferenceMs: Spread;
  /** Loss of the first training step, from the shared initial weights and first batch. */
  firstLoss?: number;
  /** Inkling: a step's dispatches, host time and GPU bytes. */
  host?: HostFigures;
}

export interface MeasureHooks {
  now: () => number;
  log: (line: string) => void;
  /** One test digit for the inference latency. */
  digit: Float32Array;
  /** A software adapter: fewer steps per round by default. */
  software: boolean;
}

/** Steps per call of the host probe: about a second of training, at most a round's steps. */
export function hostProbeSteps(msPerStep: number, stepsPerRound: number): number {
  return Math.max(1, Math.min(stepsPerRound, Math.round(1000 / msPerStep)));
}

const INFERENCE_WARMUP = 2;
// A prediction takes 2–4 ms, and on a software adapter one that meets the rasteriser's threads
// asleep or busy takes longer: medians of 10 swung 2.5–3.7 ms between runs of the same commit.
const INFERENCE_RUNS = 30;

async function inferenceLatency(engine: BenchEngine, digit: Float32Array, now: () => number): Promise<Spread> {
  for (let i = 0; i < INFERENCE_WARMUP; i++) await engine.predict(digit);
  const ms: number[] = [];
  for (let i = 0; i < INFERENCE_RUNS; i++) {
    const t0 = now();
    await engine.predict(digit);
    ms.push(now() - t0);
  }
  return spread(ms);
}

export async function measure(config: BenchConfig, factories: Partial<Record<EngineName, EngineFactory>>, hooks: MeasureHooks): Promise<Measured[]> {
  const { now, log } = hooks;
  const results: Measured[] = [];
  for (const batch of config.batches) {
    const steps = stepsPerRound(config, batch, hooks.software);
    const engines: BenchEngine[] = [];
    try {
      for (const name of config.engines) {
        const factory = factories[name];
        if (!factory) throw new Error(`no engine "${name}" in this runtime`);
        const t0 = now();
        engines.push(await factory(batch));
        log(`${name} b${batch}: ready in ${((now() - t0) / 1000).toFixed(1)} s`);
      }
      for (const e of engines) {
        const t0 = now();
        await e.train(config.warmup);
        log(`${e.name} b${batch}: warm-up ${config.warmup} step(s) in ${((now() - t0) / 1000).toFixed(1)} s`);
      }
      const times = await runRounds(
        engines,
        config.rounds,
        (e) => e.train(steps),
        now,
        (t) => log(`${t.engine.name} b${batch} round ${t.round + 1}: ${((batch * steps * 1000) / t.ms).toFixed(1)} samples/s`),
      );
      for (const e of engines) {
        const accuracy = await e.accuracy(config.evalLimit);
        const inferenceMs = await inferenceLatency(e, hooks.digit, now);
        const roundMs = times.filter((t) => t.engine === e).map((t) => t.ms);
        // After the accuracy check: the host probe trains on, about a second per call.
        const host = e.host ? await e.host(hostProbeSteps(median(roundMs) / steps, steps)) : undefined;
        results.push({
          engine: e.name,
          adapter: e.adapter,
          ...(e.threads === undefined ? {} : { threads: e.threads }),
          batch,
          stepsPerRound: steps,
          roundMs,
          stepsTrained: config.warmup + config.rounds * steps,
          accuracy,
          inferenceMs,
          firstLoss: e.firstLoss,
          host,
        });
        log(`${e.name} b${batch}: accuracy ${(accuracy * 100).toFixed(1)}% on ${config.evalLimit} test images`);
      }
    } finally {
      for (const e of engines) await e.dispose();
    }
  }
  return results;
}
