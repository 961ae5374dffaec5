// The worker's engine on a real device: events, training, prediction during training, bad
// settings refused with the model untouched, and recovery from a lost device.
import { describe, expect, it } from 'vitest';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { EngineSession } from './engine-session.ts';
import { preset } from '../model/presets.ts';
import type { EngineEvent, TrainConfig } from './protocol.ts';

const CONFIG: TrainConfig = { model: preset('mlp'), optimizer: 'adam', learningRate: 1e-3, batchSize: 16, epochs: 1, seed: 1 };

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function connected() {
  const events: EngineEvent[] = [];
  const session = new EngineSession({
    gpu: navigator.gpu,
    loadData: () => Promise.resolve(syntheticMnist(2048, 256, 7)),
    loadPretrained: () => Promise.resolve(null),
  });
  await session.connect((e) => events.push(e));
  await session.configure(CONFIG);
  const lastStep = () => events.reduce((s, e) => (e.type === 'progress' ? e.progress.step : s), 0);
  const notices = () => events.filter((e) => e.type === 'notice').map((e) => (e as { message: string }).message);
  return { session, events, lastStep, notices };
}

describe('EngineSession', () => {
  it('trains, answers predictions meanwhile, pauses, and refuses bad settings without touching the model', async () => {
    const { session, events, lastStep } = await connected();
    expect(events.find((e) => e.type === 'ready')).toMatchObject({ trainSize: 2048, testSize: 256, pretrained: null });
    await session.start();
    await until(() => lastStep() >= 5, 'five steps');
    const probs = await session.predict(new Float32Array(784).fill(0.5));
    expect(probs.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
    await session.pause();
    const before = await session.getWeights();
    await expect(session.configure({ ...CONFIG, batchSize: 0 })).rejects.toThrow(/batch size must be a whole number/);
    await expect(session.setLearningRate(-1)).rejects.toThrow(/learning rate must be > 0/);
    const after = await session.getWeights();
    expect(after['dense1.weight'].data).toEqual(before['dense1.weight'].data);
    const evaluation = await session.evaluate();
    expect(evaluation.confusion.flat().reduce((a, b) => a + b)).toBe(256);
  });

  it('recovers from a lost device: a new device, the last weights, training goes on', async () => {
    const { session, lastStep, notices } = await connected();
    await session.start();
    await until(() => lastStep() >= 3, 'three steps');
    // A real loss, as a driver reset would cause it.
    (session as unknown as { gpu: { device: GPUDevice } }).gpu.device.destroy();
    await until(() => notices().some((m) => m.startsWith('Recovered on')), 'the recovery notice');
    expect(notices()[0]).toMatch(/GPU device was lost/);
    const resumedFrom = lastStep();
    await until(() => lastStep() > resumedFrom + 3, 'training after recovery');
    await session.pause();
  });
});
