// The worker's session on the CPU engine, in the page (Chromium): the same session, persistence
// and fine-tune code as on the GPU, with no branch per backend: it trains, reads digits meanwhile,
// evaluates, looks inside, sizes networks with the CPU engine's figures, exports and imports, and
// learns handwriting.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/cpu-backend.ts';
import { preset } from '../model/presets.ts';
import { bar, barMnist } from '../testing/bar-mnist.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import { until } from '../testing/until.ts';
import { EngineSession } from './engine-session.ts';
import type { EngineEvent, TrainConfig } from './protocol.ts';

const CONFIG: TrainConfig = { model: preset('cnn'), optimizer: 'adam', learningRate: 2e-3, batchSize: 16, epochs: 2, seed: 5 };

async function open() {
  const events: EngineEvent[] = [];
  const session = new EngineSession({
    backend: new CpuBackend(),
    loadData: () => Promise.resolve(barMnist(1024, 200, 9)),
    loadPretrained: () => Promise.resolve(null),
    store: new MemoryStore(),
  });
  await session.connect((e) => events.push(e));
  await session.configure(CONFIG);
  const lastStep = () => events.reduce((s, e) => (e.type === 'progress' ? e.progress.step : s), 0);
  return { session, events, lastStep };
}

const floats = (pixels: Uint8Array) => Float32Array.from(pixels, (v) => v / 255);

describe('EngineSession on the CPU engine', () => {
  it('trains, reads and inspects digits meanwhile, evaluates, and refuses bad settings with the model untouched', async () => {
    const { session, events, lastStep } = await open();
    expect(events.find((e) => e.type === 'ready')).toMatchObject({ trainSize: 1024, testSize: 200 });
    await session.start();
    await until(() => lastStep() >= 40, 'forty steps');
    const probs = await session.predict(floats(bar(10, true)));
    expect(probs.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
    const inside = await session.inspect(floats(bar(10, true)));
    expect(inside.layers.length).toBeGreaterThan(0);
    await session.pause();
    const before = await session.getWeights();
    await expect(session.configure({ ...CONFIG, batchSize: 0 })).rejects.toThrow(/batch size must be a whole number/);
    expect((await session.getWeights())['conv1.weight'].data).toEqual(before['conv1.weight'].data);
    const evaluation = await session.evaluate();
    expect(evaluation.confusion.flat().reduce((a, b) => a + b)).toBe(200);
    expect(evaluation.accuracy).toBeGreaterThan(0.5);
  });

  it("sizes networks with the CPU engine's figures and refuses one over its budget with the same words", async () => {
    const { session } = await open();
    const fits = await session.planMemory(CONFIG);
    expect(fits.problem).toBeNull();
    expect(fits.total).toBe(fits.training + fits.evaluation + fits.data);
    const wide = { kind: 'conv2d', filters: 256, kernel: 3, padding: 'same' } as const;
    const model = { name: 'wide', layers: [wide, wide, { kind: 'dense', units: 10 }] } as unknown as TrainConfig['model'];
    const over = await session.planMemory({ ...CONFIG, model, batchSize: 1024 });
    expect(over.problem).toMatch(/^wide at batch 1024 needs .* of WebAssembly memory/);
    await expect(session.configure({ ...CONFIG, model, batchSize: 1024 })).rejects.toThrow(over.problem!);
  });

  it('exports a model file that imports back, and learns handwriting', { timeout: 240_000 }, async () => {
    const { session, lastStep } = await open();
    await session.start();
    await until(() => lastStep() >= 70, 'past the first epoch');
    await session.pause();
    const file = await session.exportModel();
    const weights = await session.getWeights();
    await session.reset();
    await session.importModel(file, 'cnn.safetensors');
    expect((await session.getWeights())['dense1.weight'].data).toEqual(weights['dense1.weight'].data);
    for (const c of [8, 10, 12, 14, 16]) await session.addDigit(floats(bar(c, false)), 3);
    const report = await session.fineTune();
    expect(report.steps).toBeGreaterThan(0);
  });
});
