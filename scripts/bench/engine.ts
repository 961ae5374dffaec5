// What the benchmark asks of each engine. One instance is one model at one batch size,
// trained from the same seeded batch order as every other engine.
import type { EngineName } from './config.ts';
import type { HostFigures } from './host.ts';

export interface BenchEngine {
  readonly name: EngineName;
  /** The adapter or backend it ran on, as the engine reports it. */
  readonly adapter: string;
  /** The CPU engines: the threads it trains on. */
  readonly threads?: number;
  /** The loss of the first training step (initial weights, first batch), once trained: equal across engines when their layouts agree. */
  readonly firstLoss: number | undefined;
  /** Trains `steps` more steps and resolves once the device has finished them. */
  train(steps: number): Promise<void>;
  /** Fraction of the first `limit` test images classified right. */
  accuracy(limit: number): Promise<number>;
  /** Class probabilities for one 28×28 image with values in [0, 1]. */
  predict(image: Float32Array): Promise<Float32Array>;
  /** Inkling only: dispatches, host time and GPU bytes of a step, training `steps` more steps a few times. */
  host?(steps: number): Promise<HostFigures>;
  dispose(): Promise<void>;
}

export type EngineFactory = (batch: number) => Promise<BenchEngine>;
