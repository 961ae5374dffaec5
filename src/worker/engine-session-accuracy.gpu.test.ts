// Accuracy shown is accuracy measured on these weights. A model file's recorded accuracy comes
// back as its claim, apart from its name, and an import is checked at once on the first 1,000
// test digits; the claim and the check outlive a reload, and a new run drops them. A rollback
// (here a lost device) takes away the tests of the steps it went back past, also from the store.
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../gpu/gpu-backend.ts';
import { buildGraph, initParams, initState, unpackWeights } from '../model/graph.ts';
import { encodeModelFile } from '../model/weights-file.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import { SESSION_TEST_CONFIG } from '../testing/session-config.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { until } from '../testing/until.ts';
import { EngineSession } from './engine-session.ts';
import { decodeRun } from './persist/run-record.ts';
import type { EngineEvent, Progress } from './protocol.ts';
import { CHECK_IMAGES } from './quick-check.ts';

const CONFIG = SESSION_TEST_CONFIG;

async function open(store: MemoryStore) {
  const events: EngineEvent[] = [];
  const backend = new GpuBackend(navigator.gpu);
  const session = new EngineSession({
    backend,
    // Random labels: no weights read these better than chance, whatever a file says.
    loadData: () => Promise.resolve(syntheticMnist(512, 1200, 4)),
    loadPretrained: () => Promise.resolve(null),
    store,
  });
  await session.connect((e) => events.push(e));
  const step = () => events.findLast((e): e is { type: 'progress'; progress: Progress } => e.type === 'progress')?.progress.step ?? 0;
  const checks = () => events.flatMap((e) => (e.type === 'checked' ? [e.check] : []));
  return { session, events, step, checks, loseDevice: () => backend.device!.destroy() };
}

/** A model file of the test network with random weights that claims a perfect test. */
function claimingFile(): ArrayBuffer {
  const graph = buildGraph(CONFIG.model);
  const weights = unpackWeights(graph, { params: initParams(graph, 31), state: initState(graph) });
  const provenance = { command: 'hand-made', epochs: 1, steps: 1, batch: 16, testAccuracy: 1, testLoss: 0, adapter: 'none' };
  return encodeModelFile(weights, { spec: CONFIG.model, provenance }).buffer;
}

describe('accuracy shown is accuracy measured on these weights', () => {
  it("a file's 100% is its claim; the import is checked on 1,000 test digits; both outlive a reload, and a new run drops them", async () => {
    const store = new MemoryStore();
    const first = await open(store);
    const loaded = await first.session.importModel(claimingFile(), 'perfect.safetensors');
    expect(loaded).toMatchObject({ label: CONFIG.model.name, recordedAccuracy: 1 });
    await until(() => first.checks().length > 0, 'the quick check');
    const [check] = first.checks();
    expect(check).toMatchObject({ step: 0, images: CHECK_IMAGES });
    expect(check.accuracy).toBeLessThan(0.3);
    // Saved with the run: a reload shows the same claim and the same check.
    const checkedAt = first.events.findIndex((e) => e.type === 'checked');
    await until(() => first.events.some((e, i) => i > checkedAt && e.type === 'saved'), 'a save after the check');

    const second = await open(store);
    expect(second.events.find((e) => e.type === 'ready')).toMatchObject({ pretrained: CONFIG.model.name, recordedAccuracy: 1 });
    const restored = second.events.find((e) => e.type === 'restored');
    expect(restored).toMatchObject({ run: { check } });
    // A new run is no longer the file's weights: neither the claim nor the check is kept for it.
    await second.session.configure(CONFIG);
    await until(() => second.events.filter((e) => e.type === 'saved').length > 0, 'the new run saved');
    const saved = decodeRun(await store.loadRun());
    expect(saved.recordedAccuracy).toBeNull();
    expect(saved.restored.check).toBeNull();
  });

  it('a lost device rolls the weights back: the test taken after the restored step is gone, here and in the store', async () => {
    const store = new MemoryStore();
    const s = await open(store);
    await s.session.configure(CONFIG);
    await until(() => s.events.some((e) => e.type === 'saved'), 'the new run saved at step 0');
    await s.session.start();
    await until(() => s.step() >= 3, 'three steps');
    // Tested while it trains, before the next autosave (every 10 s) copies the weights.
    const tested = await s.session.evaluate();
    s.loseDevice();
    await until(() => s.events.some((e) => e.type === 'rolled-back'), 'the rollback');
    const rollback = s.events.find((e) => e.type === 'rolled-back');
    if (rollback?.type !== 'rolled-back') throw new Error('no rollback');
    await until(() => s.events.some((e) => e.type === 'notice' && e.message.startsWith('Recovered on')), 'the recovery');
    await s.session.pause();
    await until(() => s.events.some((e) => e.type === 'saved' && e.step === s.step()), 'the pause saved');
    const saved = decodeRun(await store.loadRun());
    const kept = saved.restored.evaluations.map((p) => p.step);
    // An autosave between the test and the loss (every 10 s; a busy machine's steps are slow) backs up the tested
    // weights or later ones: then the test measured weights that were kept, and it stays. Otherwise it is gone.
    if (rollback.step < tested.step) {
      expect(kept).not.toContain(tested.step);
      expect(saved.restored.lastEvaluation?.step ?? null).not.toBe(tested.step);
    } else {
      expect(kept).toContain(tested.step);
    }
  });
});
