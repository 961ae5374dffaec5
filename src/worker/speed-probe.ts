// The builder's speed estimate: a short timed run of one network on a throwaway model (the
// model in use is untouched), given as a rate the builder scales to any network by its FLOPs.
import type { TrainConfig } from '../model/config.ts';
import { networkCost } from '../model/costs.ts';
import type { Engine } from '../model/engine.ts';
import type { SpeedProbe } from './protocol.ts';

/** The first steps pay for compiling and first touches; they are not timed. */
const WARMUP_STEPS = 2;
/** Long enough to average over submits. */
const TIMED_STEPS = 8;

export async function probeSpeed(engine: Engine, network: TrainConfig): Promise<SpeedProbe> {
  const config = { ...network, steps: WARMUP_STEPS + TIMED_STEPS };
  const t = await engine.create(config);
  try {
    await t.trainSteps(WARMUP_STEPS);
    const begin = performance.now();
    await t.trainSteps(TIMED_STEPS);
    const samplesPerSecond = (TIMED_STEPS * config.batchSize) / ((performance.now() - begin) / 1000);
    return { samplesPerSecond, flopsPerSample: networkCost(t.graph).trainingFlops, model: config.model.name, batchSize: config.batchSize };
  } finally {
    await t.destroy();
  }
}
