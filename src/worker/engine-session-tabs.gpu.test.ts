// One run per browser, owned by one tab at a time: sessions that share one store, each with the
// browser's real Web Locks and BroadcastChannel (as the tabs of one browser do). A second session
// opens the run read-only and cannot write it; one that takes it over gets all of the owner's
// work, and the owner hears it at once and writes no more.
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../gpu/gpu-backend.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import { SESSION_TEST_CONFIG } from '../testing/session-config.ts';
import { until } from '../testing/until.ts';
import { EngineSession } from './engine-session.ts';
import { LockedRun } from './persist/run-owner.ts';
import { decodeRun } from './persist/run-record.ts';
import { NOT_OWNED_MESSAGE } from './run-ownership.ts';
import type { EngineEvent, NamedTensors, Progress } from './protocol.ts';

const CONFIG = { ...SESSION_TEST_CONFIG, epochs: 4 };

function tabs(lock: string) {
  const store = new MemoryStore();
  const open = async (takeOver = false) => {
    const events: EngineEvent[] = [];
    const session = new EngineSession({
      backend: new GpuBackend(navigator.gpu),
      loadData: () => Promise.resolve(syntheticMnist(512, 64, 2)),
      loadPretrained: () => Promise.resolve(null),
      store,
      // A test has no restarted worker to wait for, but a free lock's grant goes through the
      // browser process, which on a loaded machine can take longer than a short wait allows.
      owner: new LockedRun(navigator.locks, lock, { freeMs: 2_000, handOverMs: 20_000 }),
    });
    await session.connect((e) => events.push(e), { takeOver });
    const ownership = () => events.filter((e) => e.type === 'ownership').at(-1);
    const progress = () => events.findLast((e): e is { type: 'progress'; progress: Progress } => e.type === 'progress')?.progress;
    return { session, events, ownership, progress };
  };
  const savedStep = async () => decodeRun(await store.loadRun()).checkpoint.step;
  const savedWeights = async () => decodeRun(await store.loadRun()).checkpoint.weights;
  return { store, open, savedStep, savedWeights };
}

function maxAbsDifference(a: NamedTensors, b: NamedTensors): number {
  expect(Object.keys(b)).toEqual(Object.keys(a));
  let max = 0;
  for (const [name, t] of Object.entries(a)) t.data.forEach((v, i) => (max = Math.max(max, Math.abs(v - b[name].data[i]))));
  return max;
}

describe('one run per browser, owned by one tab at a time', () => {
  it('a second tab opens the run read-only: its changes are refused and nothing of it is written', async () => {
    const browser = tabs('inkling-run-test-read-only');
    const first = await browser.open();
    expect(first.ownership()).toEqual({ type: 'ownership', owned: true, why: null });
    await first.session.configure(CONFIG);
    await first.session.start();
    await until(() => (first.progress()?.step ?? 0) >= 5, 'five steps');
    await first.session.pause();
    const step = first.progress()!.step;
    await until(() => first.events.some((e) => e.type === 'saved' && e.step === step), 'the pause saved');
    const weights = await first.session.getWeights();

    const second = await browser.open();
    expect(second.ownership()).toEqual({ type: 'ownership', owned: false, why: 'open-elsewhere' });
    // It shows the owner's run as saved.
    expect(second.events.find((e) => e.type === 'restored')).toMatchObject({ run: { step } });
    expect(maxAbsDifference(weights, await second.session.getWeights())).toBe(0);
    // Every change of the run is the owner's.
    for (const change of [
      () => second.session.configure({ ...CONFIG, seed: 9 }),
      () => second.session.start(),
      () => second.session.resume(),
      () => second.session.reset(),
      () => second.session.setWeights(weights),
    ]) {
      await expect(change()).rejects.toThrow(NOT_OWNED_MESSAGE);
    }
    // A test in the read-only tab is shown there and not written.
    await second.session.evaluate();
    await second.session.saveSettings({ model: 'not mine' });
    expect(second.events.some((e) => e.type === 'saved')).toBe(false);
    expect(await browser.store.loadSettings()).toBeUndefined();
    expect(await browser.savedStep()).toBe(step);
    expect(maxAbsDifference(weights, await browser.savedWeights())).toBe(0);
  });

  it('taking over gets all of the owner’s work; the owner hears it at once, stops, and writes no more', async () => {
    const browser = tabs('inkling-run-test-take-over');
    const first = await browser.open();
    await first.session.configure(CONFIG);
    await first.session.start();
    await until(() => (first.progress()?.step ?? 0) >= 5, 'five steps');
    expect(first.progress()!.state).toBe('training');

    // Taken over while it trains: it pauses and saves before it lets go.
    const second = await browser.open(true);
    expect(second.ownership()).toEqual({ type: 'ownership', owned: true, why: null });
    expect(first.ownership()).toEqual({ type: 'ownership', owned: false, why: 'taken-over' });
    await until(() => first.progress()?.state === 'paused', 'the first tab paused');
    const step = first.progress()!.step;
    const restored = second.events.find((e) => e.type === 'restored');
    expect(restored).toMatchObject({ run: { step } });
    // Nothing lost: the new owner holds exactly the weights the old one stopped with.
    const handedOver = await first.session.getWeights();
    expect(maxAbsDifference(handedOver, await second.session.getWeights())).toBe(0);

    // The old owner changes nothing any more; the new one trains and saves.
    await expect(first.session.resume()).rejects.toThrow(NOT_OWNED_MESSAGE);
    await first.session.saveSettings({ model: 'old tab' });
    await second.session.resume();
    await until(() => (second.progress()?.step ?? 0) >= step + 3, 'three more steps');
    await second.session.pause();
    const secondStep = second.progress()!.step;
    await until(() => second.events.some((e) => e.type === 'saved' && e.step === secondStep), 'the new owner saved');
    expect(await browser.savedStep()).toBe(secondStep);
    expect(await browser.store.loadSettings()).toBeUndefined();

    // And it can be taken back, with the second tab's work.
    const third = await browser.open(true);
    expect(second.ownership()).toEqual({ type: 'ownership', owned: false, why: 'taken-over' });
    expect(maxAbsDifference(await second.session.getWeights(), await third.session.getWeights())).toBe(0);
  });
});
