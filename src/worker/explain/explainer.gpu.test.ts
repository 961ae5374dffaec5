// The explain requests through the worker's session on a real device: a confusion cell's digits
// agree with the evaluation's matrix, most confident first; a channel's top digits are the test
// digits with its largest values, largest first; the embedding map reads each digit's class as the
// evaluation does, and places a test digit drawn again where the map put it.
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../../gpu/gpu-backend.ts';
import { SESSION_TEST_CONFIG } from '../../testing/session-config.ts';
import { syntheticMnist } from '../../testing/synthetic-mnist.ts';
import { EngineSession } from '../engine-session.ts';

const TEST_COUNT = 300;

/** One session for the file: building it is most of each test's time on a software GPU. */
let opened: Promise<EngineSession> | null = null;
function connected(): Promise<EngineSession> {
  opened ??= open();
  return opened;
}

async function open(): Promise<EngineSession> {
  const session = new EngineSession({
    backend: new GpuBackend(navigator.gpu),
    loadData: () => Promise.resolve(syntheticMnist(512, TEST_COUNT, 3)),
    loadPretrained: () => Promise.resolve(null),
  });
  await session.connect(() => undefined);
  await session.configure(SESSION_TEST_CONFIG);
  return session;
}

describe('explain requests on the session', () => {
  it('lists every cell of the confusion matrix, and ranks a channel', async () => {
    const session = await connected();
    const { confusion } = await session.evaluate();
    let listed = 0;
    for (let truth = 0; truth < 10; truth++) {
      for (let predicted = 0; predicted < 10; predicted++) {
        const cell = await session.confusionCell(truth, predicted, 5);
        expect(cell.total, `cell ${truth} → ${predicted}`).toBe(confusion[truth][predicted]);
        expect(cell.digits.length).toBe(Math.min(5, cell.total));
        for (const d of cell.digits) expect([d.label, d.predicted]).toEqual([truth, predicted]);
        const p = cell.digits.map((d) => d.probability);
        expect(p).toEqual([...p].sort((a, b) => b - a));
        listed += cell.total;
      }
    }
    expect(listed).toBe(TEST_COUNT);
    await expect(session.confusionCell(10, 0, 5)).rejects.toThrow('truth must be a class 0–9, got 10');

    const top = await session.topDigits(0, 3, 9);
    expect(top.digits).toHaveLength(9);
    const a = top.digits.map((d) => d.activation);
    expect(a).toEqual([...a].sort((x, y) => y - x));
    await expect(session.topDigits(0, 128, 9)).rejects.toThrow('channel 128 is not one of the layer');
    await expect(session.topDigits(9, 0, 9)).rejects.toThrow("layer 9 is not one of the network's");
  });

  it('maps the first test digits, reading each as the confusion matrix does, and places one drawn again on its dot', async () => {
    const session = await connected();
    const map = await session.embedding(200, 'pca');
    expect([map.count, map.method, map.places.length, map.labels.length, map.pixels.length]).toEqual([200, 'pca', 400, 200, 200 * 784]);
    for (const v of map.places) expect(v >= 0 && v <= 1).toBe(true);
    const predicted = new Map<number, number>();
    for (let truth = 0; truth < 10; truth++)
      for (let p = 0; p < 10; p++) for (const d of (await session.confusionCell(truth, p, TEST_COUNT)).digits) predicted.set(d.index, d.predicted);
    expect([...map.predicted]).toEqual(Array.from({ length: 200 }, (_, i) => predicted.get(i)));

    const image = Float32Array.from(map.pixels.subarray(5 * 784, 6 * 784), (v) => v / 255);
    const place = await session.embeddingPlace(image);
    expect(place?.x).toBeCloseTo(map.places[10], 4);
    expect(place?.y).toBeCloseTo(map.places[11], 4);
    await session.closeEmbedding();
    expect(await session.embeddingPlace(image)).toBeNull();
    await expect(session.embedding(0, 'pca')).rejects.toThrow('count must be a positive whole number, got 0');
  });
});
