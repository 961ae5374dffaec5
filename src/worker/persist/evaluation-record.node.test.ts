import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../protocol.ts';
import { keptEvaluations, keptLastEvaluation } from './evaluation-record.ts';

const full = (over: Partial<Evaluation> = {}): Evaluation => ({
  step: 1875,
  epoch: 1,
  loss: 0.3,
  accuracy: 0.9,
  perClassAccuracy: Array.from({ length: 10 }, () => 0.9),
  confusion: Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 9 : 0))),
  samples: [{ index: 3, label: 0, predicted: 0, pixels: new Uint8Array(784) }],
  ...over,
});

describe('a saved run’s tests, read back', () => {
  it('keeps the tests of this run as they were', () => {
    const points = [
      { step: 1875, epoch: 1, loss: 0.3, accuracy: 0.9 },
      { step: 3750, epoch: 2, loss: 0.2, accuracy: 0.95 },
    ];
    expect(keptEvaluations(points, 3750)).toEqual(points);
    expect(keptLastEvaluation(full(), 3750)).toEqual(full());
  });

  it('drops entries that no test of this run can have given, and keeps the rest', () => {
    const good = { step: 10, epoch: 1, loss: 0.5, accuracy: 0.8 };
    const tampered = [
      null,
      7,
      { ...good, accuracy: Number.NaN },
      { ...good, accuracy: 1.5 },
      { ...good, loss: -1 },
      { ...good, step: 99 },
      { ...good, epoch: 0 },
      good,
    ];
    expect(keptEvaluations(tampered, 20)).toEqual([good]);
    expect(keptEvaluations({ length: 1 }, 20)).toEqual([]);
    expect(keptEvaluations(undefined, 20)).toEqual([]);
  });

  it('drops a last test that is damaged, so no false figure is shown', () => {
    expect(keptLastEvaluation(null, 2000)).toBeNull();
    expect(keptLastEvaluation(full({ accuracy: Number.NaN }), 2000)).toBeNull();
    expect(keptLastEvaluation(full({ step: 2001 }), 2000)).toBeNull();
    expect(keptLastEvaluation(full({ perClassAccuracy: [1] }), 2000)).toBeNull();
    expect(keptLastEvaluation(full({ confusion: [[1]] }), 2000)).toBeNull();
    expect(keptLastEvaluation(full({ samples: [null] as unknown as Evaluation['samples'] }), 2000)).toBeNull();
  });
});
