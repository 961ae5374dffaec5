// The explain requests through the worker's session on a real device: a confusion cell's digits
// agree with the evaluation's matrix, most confident first; a channel's top digits are the test
// digits with its largest values, largest first.
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../../gpu/gpu-backend.ts';
import { SESSION_TEST_CONFIG } from '../../testing/session-config.ts';
import { syntheticMnist } from '../../testing/synthetic-mnist.ts';
import { EngineSession } from '../engine-session.ts';

const TEST_COUNT = 300;

async function connected() {
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
});
