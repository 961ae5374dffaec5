// The backup a lost device restores follows every change of model: a device lost right after the
// pretrained model loads, or right after an import (before any save has read the weights back),
import { GpuBackend } from '../gpu/gpu-backend.ts';
// brings back those weights, not the ones the config's seed would make.
import { describe, expect, it } from 'vitest';
import { buildGraph, initParams, initState, unpackWeights, type NamedTensors } from '../model/graph.ts';
import { parseModelSpec } from '../model/spec.ts';
import { randomF32 } from '../testing/random.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { DEFAULT_CONFIG, EngineSession } from './engine-session.ts';
import type { EngineEvent, TrainConfig } from './protocol.ts';
import { SESSION_TEST_CONFIG } from '../testing/session-config.ts';
import { until } from '../testing/until.ts';
import { refusingAdapters } from '../testing/refusing-gpu.ts';

const CONFIG = SESSION_TEST_CONFIG;

/** Weights of `config`'s network that no seed of the test makes. */
function otherWeights(config: TrainConfig, seed: number): NamedTensors {
  const graph = buildGraph(config.model);
  return unpackWeights(graph, { params: initParams(graph, seed), state: initState(graph) });
}

async function session(pretrained: NamedTensors | null, config: TrainConfig = CONFIG) {
  const events: EngineEvent[] = [];
  const backend = new GpuBackend(navigator.gpu);
  const s = new EngineSession({
    backend,
    loadData: () => Promise.resolve(syntheticMnist(512, 64, 4)),
    loadPretrained: () => Promise.resolve(pretrained && { config: { ...DEFAULT_CONFIG, ...config }, weights: pretrained, label: 'test reader' }),
  });
  await s.connect((e) => events.push(e));
  const recovered = () => events.some((e) => e.type === 'notice' && e.message.startsWith('Recovered on'));
  const loseDevice = () => backend.device!.destroy();
  return { s, recovered, loseDevice };
}

describe('recovery restores the model in use', () => {
  it('the pretrained weights, when the device is lost before anything was saved', async () => {
    const weights = otherWeights(CONFIG, 77);
    const { s, recovered, loseDevice } = await session(weights);
    loseDevice();
    await until(recovered, 'the recovery notice');
    expect((await s.getWeights())['dense1.weight'].data).toEqual(weights['dense1.weight'].data);
  });

  it('a reader with batch norm reads an image the same way after the loss as before', async () => {
    // The shipped reader's kinds: its running statistics are state, not parameters.
    const model = parseModelSpec({
      name: 'bn-reader',
      layers: [
        { kind: 'conv2d', filters: 4, kernel: 3, padding: 'same', bias: false },
        { kind: 'batchnorm', activation: 'relu' },
        { kind: 'maxpool', size: 2 },
        { kind: 'dense', units: 10 },
      ],
    });
    const config = { ...CONFIG, model };
    const graph = buildGraph(model);
    const state = initState(graph);
    state.set(randomF32(state.length, 9, 0.2, 1.5));
    const weights = unpackWeights(graph, { params: initParams(graph, 78), state });
    const { s, recovered, loseDevice } = await session(weights, config);
    const image = randomF32(784, 10, 0, 1);
    const before = await s.predict(image);
    loseDevice();
    await until(recovered, 'the recovery notice');
    expect(Array.from(await s.predict(image))).toEqual(Array.from(before));
  });

  it("an imported model's weights, when the device is lost right after the import", async () => {
    const { s, recovered, loseDevice } = await session(null);
    await s.configure({ ...CONFIG, seed: 2 });
    const file = await s.exportModel();
    const imported = await s.getWeights();
    await s.configure(CONFIG);
    await s.importModel(file, 'seed2.safetensors');
    loseDevice();
    await until(recovered, 'the recovery notice');
    expect((await s.getWeights())['dense1.weight'].data).toEqual(imported['dense1.weight'].data);
  });

  it('the new model, when the device is lost while it is being built', async () => {
    const { s, recovered, loseDevice } = await session(null);
    const next = { ...CONFIG, seed: 3 };
    const swap = s.configure(next);
    loseDevice();
    // The old model could not be read back: the change goes on from its backup, and the recovery
    // that waited for it rebuilds the new model on the new device.
    await swap;
    await until(recovered, 'the recovery notice');
    const image = randomF32(784, 11, 0, 1);
    const probabilities = await s.predict(image);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // Compared as a whole: a diff of 100,000 floats would take minutes to print.
    const seeded = otherWeights(next, 3)['dense1.weight'].data;
    const same = (await s.getWeights())['dense1.weight'].data.every((v, i) => v === seeded[i]);
    expect(same, "the weights are the new model's, from its seed").toBe(true);
  });
});

describe('a device that does not come back at once', () => {
  it('is tried for again with a backoff, the model comes back, and the page is never told WebGPU is missing', async () => {
    const events: EngineEvent[] = [];
    // The first request opens the session's device; the next two, the recovery's first tries, get no adapter.
    const backend = new GpuBackend(refusingAdapters([2, 3]));
    const s = new EngineSession({ backend, loadData: () => Promise.resolve(syntheticMnist(512, 64, 4)), loadPretrained: () => Promise.resolve(null) });
    await s.connect((e) => events.push(e));
    const notices = () => events.filter((e) => e.type === 'notice').map((e) => (e as { message: string }).message);
    await s.configure(CONFIG);
    const weights = otherWeights(CONFIG, 79);
    await s.setWeights(weights);
    backend.device!.destroy();
    await until(() => notices().some((m) => m.startsWith('Recovered on')), 'the recovery notice', 60_000);
    const retries = notices().filter((m) => m.startsWith('No new GPU device yet'));
    expect(retries).toEqual([
      'No new GPU device yet (WebGPU is present but no GPU adapter was granted.); trying again in 1 s (try 2 of 5).',
      'No new GPU device yet (WebGPU is present but no GPU adapter was granted.); trying again in 2 s (try 3 of 5).',
    ]);
    expect(events.filter((e) => e.type === 'unsupported' || (e.type === 'error' && e.fatal))).toEqual([]);
    expect((await s.getWeights())['dense1.weight'].data).toEqual(weights['dense1.weight'].data);
  });
});
