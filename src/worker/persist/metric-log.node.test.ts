import { describe, expect, it } from 'vitest';
import { MetricLog } from './metric-log.ts';

const f = (...xs: number[]) => Float32Array.from(xs);

describe('MetricLog', () => {
  it('keeps steps in order and gives what a checkpoint of a step has seen', () => {
    const log = new MetricLog();
    log.append(1, f(2.5, 2.25), f(0.125, 0.25));
    log.append(3, f(2), f(0.25));
    const upTo2 = log.upTo(2);
    expect(Array.from(upTo2.steps)).toEqual([1, 2]);
    expect(Array.from(upTo2.loss)).toEqual([2.5, 2.25]);
    expect(Array.from(upTo2.accuracy)).toEqual([0.125, 0.25]);
    expect(Array.from(log.upTo(10).steps)).toEqual([1, 2, 3]);
  });

  it('steps that go back replace the log from there (a rollback or a restored checkpoint)', () => {
    const log = new MetricLog();
    log.append(1, f(1, 1, 1, 1), f(0, 0, 0, 0));
    log.append(3, f(5), f(0.5));
    expect(Array.from(log.upTo(99).steps)).toEqual([1, 2, 3]);
    expect(log.upTo(99).loss[2]).toBe(5);
  });

  it('a restored history may have a gap (steps after the last save that a reload lost)', () => {
    const log = new MetricLog();
    log.reset({ steps: Uint32Array.from([1, 2]), loss: f(1, 1), accuracy: f(0, 0) });
    log.append(5, f(3), f(0.5));
    expect(Array.from(log.upTo(99).steps)).toEqual([1, 2, 5]);
  });

  it('keeps at most its capacity, the newest', () => {
    const log = new MetricLog(32);
    for (let s = 1; s <= 100; s++) log.append(s, f(s), f(0));
    expect(log.size).toBeLessThanOrEqual(32 + 2);
    const kept = log.upTo(100);
    expect(kept.steps).toHaveLength(32);
    expect(kept.steps[31]).toBe(100);
    expect(kept.steps[0]).toBe(69);
  });
});
