import { describe, expect, it } from 'vitest';
import { appendStage, historyOf, latestTest } from './provenance.ts';
import type { ProvenanceStage } from './weights-file.ts';

const made: ProvenanceStage = {
  command: 'npm run train -- --model cnn',
  commit: 'abc1234',
  epochs: 3,
  steps: 11250,
  batch: 16,
  testAccuracy: 0.9953,
  testLoss: 0.016,
  adapter: 'gpu',
};
const later: ProvenanceStage = {
  command: 'trained in the Inkling app',
  epochs: 0.1,
  steps: 90,
  batch: 64,
  testAccuracy: Number.NaN,
  testLoss: Number.NaN,
  adapter: 'gpu',
};

describe('a provenance keeps the model’s history', () => {
  it('reads a file from before histories as its one stage, and none from nothing', () => {
    expect(historyOf(made)).toEqual([made]);
    expect(historyOf(null)).toEqual([]);
    expect(historyOf({})).toEqual([]);
  });

  it('appends stages oldest first; the provenance is the latest stage with the history beside it', () => {
    const once = appendStage(made, later);
    expect(once).toEqual({ ...later, history: [made, later] });
    const twice = appendStage(once, { ...later, steps: 10, testAccuracy: 0.99, testLoss: 0.03, testImages: 10000 });
    expect(historyOf(twice).map((s) => s.steps)).toEqual([11250, 90, 10]);
    expect(appendStage(null, later)).toEqual({ ...later, history: [later] });
  });

  it('finds the newest test that was run, with the number of test images where recorded', () => {
    expect(latestTest(appendStage(made, later))).toEqual({ accuracy: 0.9953, loss: 0.016, images: null });
    expect(latestTest(appendStage(made, { ...later, testAccuracy: 0.98, testLoss: 0.05, testImages: 500 }))).toEqual({
      accuracy: 0.98,
      loss: 0.05,
      images: 500,
    });
    // A NaN written to JSON comes back as null: untested either way.
    const roundTripped: unknown = JSON.parse(JSON.stringify(appendStage(null, later)));
    expect(latestTest(roundTripped as ProvenanceStage)).toBeNull();
  });
});
