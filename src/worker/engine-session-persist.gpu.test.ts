// What outlives the session, on a real device: a paused run saved and reopened by a new session
// (as a reload does) comes back where it stood and ends with the weights of an uninterrupted run;
// a store that fails is said once and training goes on; the saved-model list. The store is the
// in-memory one; the app's IndexedDB store is exercised by e2e/persistence.spec.ts.
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../gpu/gpu-backend.ts';
import { preset } from '../model/presets.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { EngineSession } from './engine-session.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import type { PersistStore } from './persist/store.ts';
import type { RunRecord } from './persist/run-record.ts';
import type { EngineEvent, NamedTensors, TrainConfig } from './protocol.ts';
import { until } from '../testing/until.ts';

// 512 / 16 = 32 steps an epoch, four epochs, dropout and augmentation: every kind of per-step state.
const CONFIG: TrainConfig = {
  model: {
    name: 'small',
    layers: [
      { kind: 'conv2d', filters: 4, kernel: 3, stride: 2, activation: 'relu' },
      { kind: 'dropout', rate: 0.2 },
      { kind: 'dense', units: 10 },
    ],
  } as unknown as TrainConfig['model'],
  optimizer: 'adam',
  learningRate: 2e-3,
  batchSize: 16,
  epochs: 4,
  seed: 4,
  schedule: 'anneal',
  augment: true,
};

async function open(store?: PersistStore) {
  const events: EngineEvent[] = [];
  const session = new EngineSession({
    backend: new GpuBackend(navigator.gpu),
    loadData: () => Promise.resolve(syntheticMnist(512, 64, 2)),
    loadPretrained: () => Promise.resolve(null),
    store,
  });
  await session.connect((e) => events.push(e));
  const progress = () => events.reduce<Extract<EngineEvent, { type: 'progress' }>['progress'] | null>((p, e) => (e.type === 'progress' ? e.progress : p), null);
  const saved = () => events.reduce((s, e) => (e.type === 'saved' ? e.step : s), -1);
  return { session, events, progress, saved };
}

function maxAbsDifference(a: NamedTensors, b: NamedTensors): number {
  let max = 0;
  for (const [name, t] of Object.entries(a)) t.data.forEach((v, i) => (max = Math.max(max, Math.abs(v - b[name].data[i]))));
  return max;
}

async function trainToEnd(s: Awaited<ReturnType<typeof open>>): Promise<NamedTensors> {
  await until(() => s.progress()?.state === 'done', 'the end of the run', 120_000);
  return s.session.getWeights();
}

describe('EngineSession persistence', () => {
  it('a run paused, saved and reopened by a new session goes on from where it stood and ends as an uninterrupted run', { timeout: 240_000 }, async () => {
    const whole = await open();
    await whole.session.configure(CONFIG);
    await whole.session.start();
    const expected = await trainToEnd(whole);

    const store = new MemoryStore();
    const first = await open(store);
    await first.session.configure(CONFIG);
    await first.session.start();
    await until(() => (first.progress()?.step ?? 0) >= 40, 'step 40, in the second epoch');
    await first.session.pause();
    const pausedAt = first.progress()!.step;
    expect(pausedAt).toBeLessThan(128);
    await until(() => first.saved() === pausedAt, 'the save at the pause');
    const before = await first.session.getWeights();
    const probabilities = await first.session.predict(new Float32Array(784).fill(0.3));

    const second = await open(store);
    const ready = second.events.find((e) => e.type === 'ready');
    expect(ready).toMatchObject({ model: { name: 'small' }, pretrained: null });
    const restored = second.events.find((e) => e.type === 'restored');
    if (restored?.type !== 'restored') throw new Error('no restored event');
    expect(restored.run.step).toBe(pausedAt);
    // The chart's history up to the pause, and the test at the end of epoch 1.
    expect(restored.run.metrics.steps.at(-1)).toBe(pausedAt);
    expect(restored.run.metrics.steps.length).toBeGreaterThan(30);
    // Each epoch's end before the pause was tested; one the pause fell on may have been skipped.
    const tested = restored.run.evaluations.map((p) => p.step);
    expect(tested).toEqual([32, 64, 96].slice(0, tested.length));
    expect(tested.length).toBeGreaterThanOrEqual([32, 64, 96].filter((s) => s < pausedAt).length);
    expect(restored.run.lastEvaluation?.step).toBe(tested.at(-1));
    expect(second.progress()).toMatchObject({ state: 'paused', step: pausedAt, epoch: Math.floor(pausedAt / 32) + 1 });
    expect(maxAbsDifference(before, await second.session.getWeights())).toBe(0);
    expect(Array.from(await second.session.predict(new Float32Array(784).fill(0.3)))).toEqual(Array.from(probabilities));

    await second.session.resume();
    const resumed = await trainToEnd(second);
    const difference = maxAbsDifference(expected, resumed);
    console.info(`[persist] resumed at step ${pausedAt} of 128 through the store: max |Δweight| vs uninterrupted = ${difference}`);
    expect(difference).toBe(0);
  });

  it('a store that fails is said once, plainly, and training goes on to the end', async () => {
    const quota = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const failing: PersistStore = Object.assign(new MemoryStore(), { saveRun: quota });
    const s = await open(failing);
    await s.session.configure(CONFIG);
    await s.session.start();
    await trainToEnd(s);
    const errors = s.events.filter((e) => e.type === 'storage-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      message: expect.stringMatching(/^Your work is not being saved: this site's storage is full .* Training goes on/) as unknown,
    });
    expect(s.events.some((e) => e.type === 'saved')).toBe(false);
  });

  it('saves models in a list, opens, renames and deletes them, and refuses a bad name or id by name', async () => {
    const s = await open(new MemoryStore());
    await s.session.configure({ ...CONFIG, model: preset('mlp'), epochs: 1 });
    await s.session.start();
    await until(() => (s.progress()?.step ?? 0) >= 3, 'three steps');
    await s.session.pause();
    await s.session.evaluate();
    const weights = await s.session.getWeights();
    const step = s.progress()!.step;
    let list = await s.session.saveModel('');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: `mlp · step ${step}`, summary: 'dense 128 → dense 10 · 101,770 parameters', steps: step });
    expect(list[0].accuracy).toBeGreaterThan(0);
    const id = list[0].id;
    list = await s.session.renameModel(id, '  first try ');
    expect(list[0].name).toBe('first try');
    await expect(s.session.renameModel(id, ' ')).rejects.toThrow("The model was not renamed: a model's name may not be empty");

    await s.session.configure(CONFIG);
    const opened = await s.session.openModel(id);
    expect(opened.model.name).toBe('mlp');
    expect(maxAbsDifference(weights, await s.session.getWeights())).toBe(0);

    expect(await s.session.deleteModel(id)).toEqual([]);
    await expect(s.session.openModel(id)).rejects.toThrow(`The model could not be opened: there is no saved model with id ${id}`);
  });

  it('a saved run that does not read back is said, and the page starts anew', async () => {
    const store = new MemoryStore();
    await store.saveRun({ format: 'inkling-run/0' } as unknown as RunRecord);
    const s = await open(store);
    expect(s.events.find((e) => e.type === 'ready')).toMatchObject({ pretrained: null });
    expect(s.events.some((e) => e.type === 'restored')).toBe(false);
    const notice = s.events.find((e) => e.type === 'notice');
    expect(notice).toMatchObject({
      message: 'The saved run could not be restored (the saved run has format "inkling-run/0"; this version reads inkling-run/1); starting anew.',
    });
  });
});
