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

/** A session whose data load waits for the test's word. */
function held(store: MemoryStore, pretrained: Pretrained) {
  const events: EngineEvent[] = [];
  let release: (data: Mnist) => void = () => undefined;
  const data = new Promise<Mnist>((resolve) => (release = resolve));
  const session = new EngineSession({
    backend: new CpuBackend(),
    loadData: () => data,
    loadPretrained: () => Promise.resolve(pretrained),
    openReader: (config, weights) => openCpuReader(ONE_THREAD, config, weights),
    store,
  });
  const connected = session.connect((e) => events.push(e));
  const has = (type: EngineEvent['type']) => events.some((e) => e.type === type);
  return { session, events, connected, has, release: () => release(barMnist(256, 64, 4)) };
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
});
