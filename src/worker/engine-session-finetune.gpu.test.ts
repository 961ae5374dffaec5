// "Learn my handwriting" through the worker's engine on a real device: what the session adds to
// fineTune (src/gpu/fine-tune.gpu.test.ts): it pauses training, refuses to train or fine-tune
// meanwhile, measures before and after on held-back digits and on the test set, reports each
// phase, and makes the tuned model the run in use; bad digits and an empty set are answered with
// what is wrong.
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../gpu/gpu-backend.ts';
import { preset } from '../model/presets.ts';
import { bar, barMnist } from '../testing/bar-mnist.ts';
import { until } from '../testing/until.ts';
import { EngineSession, type SessionHost } from './engine-session.ts';
import { fineTuneBatches } from './fine-tune-batches.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import type { EngineEvent, FineTuneProgress, Progress, TrainConfig } from './protocol.ts';

// 1,024 / 16 = 64 steps an epoch; the bars are learned in the first.
const CONFIG: TrainConfig = { model: preset('mlp'), optimizer: 'adam', learningRate: 1e-3, batchSize: 16, epochs: 3, seed: 5 };

type Shipped = Awaited<ReturnType<SessionHost['loadPretrained']>>;

/** A session on the bars; with `shipped`, that model is its pretrained reader and is not configured over. */
async function open(shipped: Shipped = null) {
  const events: EngineEvent[] = [];
  const session = new EngineSession({
    backend: new GpuBackend(navigator.gpu),
    loadData: () => Promise.resolve(barMnist(1024, 200, 9)),
    loadPretrained: () => Promise.resolve(shipped),
    store: new MemoryStore(),
  });
  await session.connect((e) => events.push(e));
  if (!shipped) await session.configure(CONFIG);
  const of = <T extends EngineEvent['type']>(type: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  const progress = (): Progress | undefined => of('progress').at(-1)?.progress;
  const fineTunes = (): FineTuneProgress[] => of('finetune').map((e) => e.progress);
  return { session, events, of, progress, fineTunes };
}

const floats = (pixels: Uint8Array) => Float32Array.from(pixels, (v) => v / 255);
const argmax = (p: Float32Array) => p.indexOf(Math.max(...p));

describe('EngineSession.fineTune', () => {
  it('pauses training, learns a style the model misread, keeps the test set, and makes the tuned model the run', { timeout: 240_000 }, async () => {
    const s = await open();
    await s.session.start();
    await until(() => (s.progress()?.step ?? 0) >= 80, 'step 80, past the first epoch', 120_000);

    // Ten vertical bars, a style no training digit has, labelled with a digit none of them reads as.
    const columns = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
    const readings = await Promise.all(columns.map(async (c) => argmax(await s.session.predict(floats(bar(c, false))))));
    const label = [...Array(10).keys()].find((d) => !readings.includes(d))!;
    for (const c of columns) await s.session.addDigit(floats(bar(c, false)), label);
    expect(await s.session.listDigits()).toHaveLength(10);
    const before = await s.session.getWeights();

    const running = s.session.fineTune();
    await until(() => s.fineTunes().length > 0, 'the fine-tune to begin');
    // Training was paused for it, and neither training nor a second fine-tune may start meanwhile.
    expect(s.progress()?.state).toBe('paused');
    await expect(s.session.start()).rejects.toThrow('the model is learning your handwriting; training can start when it is done');
    await expect(s.session.fineTune()).rejects.toThrow('the model is learning your handwriting');
    const report = await running;

    const { steps } = fineTuneBatches(CONFIG.batchSize);
    const phases = s.fineTunes().map((p) => p.phase);
    expect([...new Set(phases)]).toEqual(['measuring', 'training', 'testing', 'done']);
    const trainingSteps = s.fineTunes().filter((p) => p.phase === 'training' && p.step > 0);
    expect(trainingSteps.at(-1)).toMatchObject({ step: steps, steps });
    expect(s.fineTunes().at(-1)).toMatchObject({ phase: 'done', report });

    // Every fifth digit was held back; the held ones were misread before and are read after.
    expect(report).toMatchObject({ trained: 8, heldOut: 2, personalBefore: 0, personalAfter: 1, steps });
    expect(report.label).toBe('mlp · fine-tuned on 8 of your digits');
    // Measured on the test set before and after; the page's test figure is the one after.
    console.info(
      `[finetune] test set ${report.testBefore} → ${report.testAfter}; ${steps} steps in ${report.trainingSeconds.toFixed(1)} s of ${report.seconds.toFixed(1)} s`,
    );
    expect(report.testBefore).toBeGreaterThan(0.9);
    expect(report.testAfter).toBeGreaterThanOrEqual(report.testBefore - 0.01);
    expect(s.of('evaluation').at(-1)?.evaluation.accuracy).toBe(report.testAfter);
    expect(report.trainingSeconds).toBeLessThanOrEqual(report.seconds);

    // A new bar in the style, never taught, reads as the label; the tuned model is the run in use.
    expect(argmax(await s.session.predict(floats(bar(18, false))))).toBe(label);
    // A new run of the tuned weights: at step 0, its schedule from the start (it was at step 80+).
    expect(s.progress()).toMatchObject({ state: 'idle', step: 0 });
    const after = await s.session.getWeights();
    expect(after['dense1.weight'].data).not.toEqual(before['dense1.weight'].data);
    // Training may start again, from the tuned weights.
    await s.session.start();
    await until(() => (s.progress()?.step ?? 0) >= 1, 'a step of the new run');
    await s.session.pause();
  });

  it('fine-tunes a model trained at batch 1,024 in steps of the capped batch, at the same cost in images', async () => {
    const s = await open();
    await s.session.configure({ ...CONFIG, batchSize: 1024, epochs: 1 });
    for (const c of [9, 12, 15]) await s.session.addDigit(floats(bar(c, false)), 4);
    const report = await s.session.fineTune();
    const { batchSize, steps } = fineTuneBatches(1024);
    expect(batchSize).toBeLessThan(1024);
    expect(report).toMatchObject({ trained: 3, heldOut: 0, steps });
    expect(
      s
        .fineTunes()
        .filter((p) => p.phase === 'training')
        .at(-1),
    ).toMatchObject({ step: steps, steps });
    // The model in use keeps its own batch: 1,024 images are one step of it.
    expect(s.progress()?.stepsPerEpoch).toBe(1);
  });

  it("takes the shipped reader's recorded test accuracy as before, and measures it only once changed", { timeout: 120_000 }, async () => {
    const weights = await (await open()).session.getWeights();
    // A figure no test of these weights gives: seen in the report, it was not measured.
    const s = await open({ config: CONFIG, weights, label: 'test reader', testAccuracy: 0.4242 });
    for (const c of [9, 12, 15]) await s.session.addDigit(floats(bar(c, false)), 4);
    const first = await s.session.fineTune();
    expect(first.testBefore).toBe(0.4242);
    // One test, after; none before.
    expect(s.of('evaluation')).toHaveLength(1);
    expect(s.of('evaluation')[0].evaluation.accuracy).toBe(first.testAfter);
    // The tuned weights are not the shipped ones: the next fine-tune's before is their test.
    const second = await s.session.fineTune();
    expect(second.testBefore).toBe(first.testAfter);
  });

  it('answers an empty set, a label outside 0–9 and an image of the wrong size with what is wrong', async () => {
    const s = await open();
    await expect(s.session.fineTune()).rejects.toThrow('label some digits first: "That\'s a …" under the prediction');
    const image = floats(bar(10, false));
    await expect(s.session.addDigit(image, 10)).rejects.toThrow("a digit's label must be 0–9, got 10");
    await expect(s.session.addDigit(image, -1)).rejects.toThrow("a digit's label must be 0–9, got -1");
    await expect(s.session.addDigit(image, 2.5)).rejects.toThrow("a digit's label must be 0–9, got 2.5");
    await expect(s.session.addDigit(image.subarray(0, 783), 1)).rejects.toThrow('a digit is 784 pixels, got 783');
    const file = new TextEncoder().encode(JSON.stringify({ format: 'inkling-digits', version: 1, side: 28, digits: [{ label: 1, pixels: btoa('abc') }] }));
    await expect(s.session.importDigits(file.buffer, 'short.json')).rejects.toThrow('short.json is not a digit set: digit 1: the image has 3 pixels, not 784');
    // Nothing was kept, the model was not touched, and no fine-tune was begun.
    expect(await s.session.listDigits()).toEqual([]);
    expect(s.fineTunes()).toEqual([]);
    await expect(s.session.fineTune()).rejects.toThrow('label some digits first');
  });
});
