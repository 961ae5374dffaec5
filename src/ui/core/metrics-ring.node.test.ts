import { describe, expect, it } from 'vitest';
import { MetricsRing } from './metrics-ring';

describe('MetricsRing', () => {
  it('keeps steps in order and smooths with an EMA', () => {
    const ring = new MetricsRing(8, 0.5);
    ring.append(1, [4, 2], [0.1, 0.3]);
    ring.append(3, [0], [0.5]);
    const v = ring.view();
    expect(Array.from(v.steps)).toEqual([1, 2, 3]);
    expect(Array.from(v.loss)).toEqual([4, 2, 0]);
    expect(Array.from(v.lossSmoothed)).toEqual([4, 3, 1.5]);
    expect(Array.from(v.accuracySmoothed)).toEqual([0.1, 0.2, 0.35].map((x) => expect.closeTo(x, 12) as number));
  });

  it('drops the oldest entries when full, wrapping around', () => {
    const ring = new MetricsRing(4);
    ring.append(0, [0, 1, 2], [0, 0, 0]);
    ring.append(3, [3, 4, 5], [0, 0, 0]);
    expect(ring.size).toBe(4);
    expect(Array.from(ring.view().steps)).toEqual([2, 3, 4, 5]);
    expect(Array.from(ring.view().loss)).toEqual([2, 3, 4, 5]);
  });

  it('starts a new curve when steps go back to the start (a reset) and notifies listeners', () => {
    const ring = new MetricsRing(4);
    let calls = 0;
    const unsubscribe = ring.subscribe(() => calls++);
    ring.append(10, [1, 1], [0, 0]);
    ring.append(0, [5], [0]);
    expect(Array.from(ring.view().steps)).toEqual([0]);
    expect(Array.from(ring.view().lossSmoothed)).toEqual([5]);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(calls).toBe(3);
    unsubscribe();
    ring.append(0, [1], [1]);
    expect(calls).toBe(3);
  });

  it('replaces what came from an earlier step on (a rollback to a checkpoint), keeping the curve before it', () => {
    const ring = new MetricsRing(6, 0.5);
    ring.append(0, [4, 2, 0], [0, 0, 0]);
    ring.append(3, [8, 8], [1, 1]);
    // Back to step 3, as a run restored from its copy at step 3 sends it again.
    ring.append(3, [2], [0.5]);
    const v = ring.view();
    expect(Array.from(v.steps)).toEqual([0, 1, 2, 3]);
    expect(Array.from(v.loss)).toEqual([4, 2, 0, 2]);
    // The smoothing goes on from step 2's value, not from the dropped steps'.
    expect(Array.from(v.lossSmoothed)).toEqual([4, 3, 1.5, 1.75]);
    expect(ring.latestStep).toBe(3);
    // Wrapped around: the oldest entries are gone, the rollback still cuts at the right step.
    ring.append(4, [1, 1, 1, 1], [0, 0, 0, 0]);
    ring.append(6, [0], [0]);
    expect(Array.from(ring.view().steps)).toEqual([2, 3, 4, 5, 6]);
  });

  it('loads a saved history, gaps and all, as one curve', () => {
    const ring = new MetricsRing(8, 0.5);
    ring.append(1, [9], [0]);
    let notified = 0;
    ring.subscribe(() => notified++);
    ring.load({ steps: Uint32Array.from([1, 2, 5]), loss: Float32Array.from([4, 2, 0]), accuracy: Float32Array.from([0, 0, 1]) });
    expect(notified).toBe(1);
    const v = ring.view();
    expect(Array.from(v.steps)).toEqual([1, 2, 5]);
    expect(Array.from(v.lossSmoothed)).toEqual([4, 3, 1.5]);
    expect(ring.latestStep).toBe(5);
    ring.load({ steps: new Uint32Array(0), loss: new Float32Array(0), accuracy: new Float32Array(0) });
    expect(ring.size).toBe(0);
  });
});
