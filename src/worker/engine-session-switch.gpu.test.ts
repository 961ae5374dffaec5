// A run moves between the GPU and the CPU engine through the session, as the page's switch does:
// its step goes on, its metrics continue, and it trains on the CPU as the GPU would have. A GPU
// lost for good hands the run to the CPU engine instead of stopping.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/cpu-backend.ts';
import { GpuBackend } from '../gpu/gpu-backend.ts';
import type { NamedTensors } from '../model/graph.ts';
import { preset } from '../model/presets.ts';
import { assertClose } from '../testing/close.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import { refusingAdapters } from '../testing/refusing-gpu.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { until } from '../testing/until.ts';
import { EngineSession } from './engine-session.ts';
import { FallbackBackend } from './fallback-backend.ts';
import type { EngineEvent, TrainConfig } from './protocol.ts';

// 512 / 16 = 32 steps an epoch, four epochs: the cosine schedule and the augmentation draw by step,
// and the batches by seed and epoch, so a run restored at a step sees what it would have seen.
const CONFIG: TrainConfig = {
  model: preset('mlp'),
  optimizer: 'adam',
  learningRate: 1e-3,
  batchSize: 16,
  epochs: 4,
  seed: 4,
  schedule: 'cosine',
  augment: true,
};
const DATA = syntheticMnist(512, 64, 4);
const TOTAL_STEPS = (512 / 16) * 4;
// The CPU and the GPU sum each dot product in a different order (f32, an ulp here and there a
// step). Measured here, runs that switched after 18 and 32 GPU steps and took 37 and 32 on the
// CPU, against ones that took as many on the GPU alone: at most 3.0e-8 apart, on weights up to
// about 0.3. The bound leaves 30 times that, for other switch points and more steps on the CPU.
const TOL = { atol: 1e-6, rtol: 1e-5 };

const flat = (w: NamedTensors) =>
  Object.keys(w)
    .sort()
    .flatMap((n) => Array.from(w[n].data));

async function open(gpu: GPU, options: { reopenBackoffSeconds?: number[]; store?: MemoryStore } = {}) {
  const events: EngineEvent[] = [];
  const gpuBackend = new GpuBackend(gpu);
  const session = new EngineSession({
    backend: new FallbackBackend(gpuBackend, () => Promise.resolve(new CpuBackend())),
    loadData: () => Promise.resolve(DATA),
    loadPretrained: () => Promise.resolve(null),
    ...options,
  });
  await session.connect((e) => events.push(e));
  await session.configure(CONFIG);
  const step = () => events.reduce((s, e) => (e.type === 'progress' ? e.progress.step : s), 0);
  const engine = () => events.findLast((e) => e.type === 'engine');
  return { session, events, step, engine, gpuBackend };
}

describe('switching engines', () => {
  it('GPU → CPU while training → GPU: the step and metrics go on, and the weights are those of a run that never switched', { timeout: 240_000 }, async () => {
    const { session, events, step, engine } = await open(navigator.gpu);
    expect(engine()).toMatchObject({ kind: 'webgpu', choices: ['webgpu', 'wasm'] });
    await session.start();
    await until(() => step() >= 4, 'four steps on the GPU');
    await session.switchEngine('wasm');
    expect(engine()).toMatchObject({ kind: 'wasm' });
    expect(engine()?.adapter).toMatch(/^CPU/);
    const after = events.indexOf(engine()!);
    const notice = events.slice(after).find((e) => e.type === 'notice');
    const switchedAt = Number(/going on from step (\d+)\.$/.exec(notice?.type === 'notice' ? notice.message : '')?.[1]);
    expect(switchedAt).toBeGreaterThanOrEqual(4);
    await until(() => step() > switchedAt, 'steps on the CPU');
    await session.pause();
    const steps = step();

    // It trained on where it was: no progress back to an earlier step, and the metrics follow on
    // step after step across the switch (the charts' ring is not reset).
    const progress = events.slice(after).flatMap((e) => (e.type === 'progress' ? [e.progress.step] : []));
    expect(Math.min(...progress)).toBeGreaterThanOrEqual(switchedAt);
    const metrics = events.flatMap((e) => (e.type === 'metrics' ? [{ first: e.firstStep, n: e.loss.length }] : []));
    metrics.forEach((m, i) => expect(m.first).toBe(i === 0 ? 1 : metrics[i - 1].first + metrics[i - 1].n));
    expect(metrics.at(-1)!.first + metrics.at(-1)!.n - 1).toBe(steps);
    expect(events.filter((e) => e.type === 'rolled-back' || (e.type === 'error' && e.fatal))).toEqual([]);

    // The same number of steps on the GPU alone, from the same seed and data.
    const reference = await new GpuBackend(navigator.gpu).open(() => Promise.resolve(DATA), {
      onUnavailable: () => undefined,
      onLost: () => undefined,
      onError: () => undefined,
    });
    const straight = await reference.create(CONFIG);
    expect(await straight.trainSteps(steps)).toBe(steps);
    const onCpu = await session.getWeights();
    assertClose(flat(onCpu), flat(await straight.getWeights()), TOL, `weights after ${steps} steps, switched at ${switchedAt}, against none`);
    await straight.destroy();

    // Back to the GPU (paused: it stays paused), the weights exactly as the CPU left them.
    await session.switchEngine('webgpu');
    expect(engine()).toMatchObject({ kind: 'webgpu' });
    expect(step()).toBe(steps);
    expect(flat(await session.getWeights())).toEqual(flat(onCpu));
    // The CPU engine can take an mlp through the rest of the run before the page's pause lands
    // (four epochs are 128 steps): a finished run stays finished; one with steps left trains on.
    const progressState = () => events.findLast((e) => e.type === 'progress')?.progress.state;
    if (steps < TOTAL_STEPS) {
      await session.resume();
      await until(() => step() > steps, 'steps on the GPU again');
      await session.pause();
    } else {
      expect(progressState()).toBe('done');
    }
  });

  it('a GPU that does not come back: the run as last saved goes on on the CPU engine, said in a notice', async () => {
    // The first request opens the session's device; every later one is refused.
    const { session, events, step, engine, gpuBackend } = await open(
      refusingAdapters((n) => n > 1),
      { reopenBackoffSeconds: [0], store: new MemoryStore() },
    );
    await session.start();
    await until(() => step() >= 4, 'four steps');
    await session.pause();
    const [saved, weights] = [step(), await session.getWeights()];
    // The pause's save reads the run back: the backup a recovery restores.
    await until(() => events.some((e) => e.type === 'saved' && e.step === saved), 'the save of the paused run');
    gpuBackend.device!.destroy();
    await until(() => engine()?.kind === 'wasm', 'the switch to the CPU engine');
    const notices = events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
    expect(notices.at(-1)).toMatch(
      new RegExp(`^The GPU could not be recovered \\(.*no GPU adapter.*\\); the run continues on the CPU \\(CPU .*\\), from the weights of step ${saved}\\.$`),
    );
    expect(engine()).toMatchObject({ choices: ['wasm'] });
    expect(engine()?.gpuUnavailable).toContain('no GPU adapter');
    expect(events.filter((e) => e.type === 'error' && e.fatal)).toEqual([]);
    expect(flat(await session.getWeights())).toEqual(flat(weights));
    await session.resume();
    await until(() => step() > saved + 2, 'steps on the CPU');
    await session.pause();
    await expect(session.switchEngine('webgpu')).rejects.toThrow(/cannot run here: .*no GPU adapter/);
  });

  it('a kept choice of the CPU engine opens it directly', async () => {
    const store = new MemoryStore();
    await store.saveSettings({ engine: 'wasm' });
    const onCpu = await open(navigator.gpu, { store });
    expect(onCpu.engine()).toMatchObject({ kind: 'wasm', choices: ['webgpu', 'wasm'] });
    expect(onCpu.events.filter((e) => e.type === 'fallback')).toEqual([]);
  });
});
