// Reading first (session/first-reader.ts): a drawing is read, and looked inside, before the data
// have loaded, on the weights the session opens with (the shipped model's, or a saved run's), and
// the engine's model that takes over once ready reads it the same.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/cpu-backend.ts';
import { openCpuReader } from '../cpu/cpu-reader.ts';
import { ONE_THREAD } from '../cpu/threads.ts';
import type { Mnist } from '../data/mnist.ts';
import { buildGraph, initParams, initState, unpackWeights } from '../model/graph.ts';
import { preset } from '../model/presets.ts';
import { bar, barMnist } from '../testing/bar-mnist.ts';
import { assertClose } from '../testing/close.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import { until } from '../testing/until.ts';
import { EngineSession } from './engine-session.ts';
import type { Pretrained } from './session/opening.ts';
import type { EngineEvent, TrainConfig } from './protocol.ts';

// Batch norm: the reader must take the running statistics too, not the parameters alone.
const CONFIG: TrainConfig = { model: preset('cnn-bn'), optimizer: 'adam', learningRate: 1e-3, batchSize: 16, epochs: 1, seed: 3 };
const SAME = { atol: 1e-4, rtol: 0 };
const image = Float32Array.from(bar(12, false), (v) => v / 255);

/** The shipped model: `config`'s network with the weights of its seed, running statistics moved off their start. */
function shipped(seed: number): Pretrained {
  const graph = buildGraph(CONFIG.model);
  const state = initState(graph).map((v, i) => v + 0.1 * ((i % 7) + 1));
  return { config: { ...CONFIG, seed }, weights: unpackWeights(graph, { params: initParams(graph, seed), state }), label: `shipped ${seed}` };
}

/** A session whose data load waits for the test's word, connected at once or (`ahead`) started as the worker's is and not connected yet. */
function held(store: MemoryStore, pretrained: Pretrained, ahead = false) {
  const events: EngineEvent[] = [];
  let release: (data: Mnist) => void = () => undefined;
  const data = new Promise<Mnist>((resolve) => (release = resolve));
  let asked = false;
  const session = new EngineSession({
    backend: new CpuBackend(),
    loadData: () => ((asked = true), data),
    loadPretrained: () => Promise.resolve(pretrained),
    openReader: (config, weights) => openCpuReader(ONE_THREAD, config, weights),
    store,
  });
  const connect = (options?: { takeOver?: boolean }) => session.connect((e) => events.push(e), options);
  if (ahead) session.startAhead();
  const connected = ahead ? null : connect();
  const has = (type: EngineEvent['type']) => events.some((e) => e.type === type);
  return { session, events, connect, connected, has, dataAsked: () => asked, release: () => release(barMnist(256, 64, 4)) };
}

describe('reading first', { timeout: 120_000 }, () => {
  it('reads and looks inside a drawing before the data have loaded, as the model that takes over reads it', async () => {
    const s = held(new MemoryStore(), shipped(11));
    await until(() => s.has('reading'), 'the reading event');
    const early = await s.session.predict(image);
    const inside = await s.session.inspect(image);
    expect(inside.layers.length).toBeGreaterThan(0);
    // Still held: no data, no model, not ready.
    expect(s.has('ready')).toBe(false);
    await expect(s.session.evaluate()).rejects.toThrow(/still loading/i);
    s.release();
    await s.connected;
    expect(s.events.findIndex((e) => e.type === 'reading')).toBeLessThan(s.events.findIndex((e) => e.type === 'ready'));
    assertClose(await s.session.predict(image), early, SAME, 'the engine model against the first reader');
    expect((await s.session.evaluate()).confusion.flat().reduce((a, b) => a + b)).toBe(64);
  });

  it("reads with a saved run's weights, not the shipped model's, when a run was saved", async () => {
    const store = new MemoryStore();
    const first = held(store, shipped(11));
    first.release();
    await first.connected;
    const shippedReads = await first.session.predict(image);
    // A new model from its seed, saved as the run in progress.
    await first.session.configure({ ...CONFIG, seed: 29 });
    await until(() => first.events.some((e) => e.type === 'saved'), 'the run saved');
    const savedReads = await first.session.predict(image);
    expect(Math.max(...savedReads.map((p, d) => Math.abs(p - shippedReads[d])))).toBeGreaterThan(1e-3);

    const again = held(store, shipped(11));
    await until(() => again.has('reading'), 'the reading event');
    const early = await again.session.predict(image);
    assertClose(early, savedReads, SAME, "the first reader against the saved run's model");
    again.release();
    await again.connected;
    expect(again.events.some((e) => e.type === 'restored')).toBe(true);
    assertClose(await again.session.predict(image), savedReads, SAME, 'the restored run');
  });
  it("holds the engine's start back while drawings are read, and starts it once they pause", async () => {
    const s = held(new MemoryStore(), shipped(11));
    await until(() => s.has('reading'), 'the reading event');
    // Drawings read one after another for well over the pause the start waits for (a second).
    const end = performance.now() + 2500;
    let read = 0;
    for (; performance.now() < end; read++) await s.session.predict(image);
    expect(read).toBeGreaterThan(1);
    expect(s.dataAsked(), 'the data asked for while drawings were read').toBe(false);
    await until(() => s.dataAsked(), 'the data asked for once the drawings paused');
    s.release();
    await s.connected;
    expect(s.has('ready')).toBe(true);
  });

  it('started ahead of the page, reads at once, keeps its events for the page, and refuses a connect that would take the run over', async () => {
    const s = held(new MemoryStore(), shipped(11), true);
    // Nothing is connected, yet the first reader opens: its drawings are read.
    let early: Float32Array | null = null;
    for (const end = performance.now() + 60_000; !early; await new Promise((r) => setTimeout(r, 20))) {
      if (performance.now() > end) throw new Error('timed out waiting for a reading before the page connects');
      early = await s.session.predict(image).catch(() => null);
    }
    expect(s.events).toEqual([]);
    await expect(s.connect({ takeOver: true })).rejects.toThrow(/started without taking the run over: it cannot be connected otherwise/);
    s.release();
    const answer = await s.connect();
    expect(answer.restoredStep).toBeNull();
    // The events kept (the run's owner, the reader's opening) come first, in the order they were
    // made, then those made after the page came (the data, the engine ready); the refused connect took none.
    const types = s.events.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['ownership', 'reading']);
    expect(types.indexOf('reading')).toBeLessThan(types.indexOf('loading'));
    expect(types.indexOf('loading')).toBeLessThan(types.indexOf('ready'));
    assertClose(await s.session.predict(image), early, SAME, 'the engine model against the first reader');
  });
});
