import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PredictionScheduler, type SchedulerClock } from './prediction-scheduler';

const clock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A fake engine whose answers the test releases one by one. */
function fakeEngine() {
  const sent: number[] = [];
  const answers: (() => void)[] = [];
  const run = (x: number) =>
    new Promise<number>((resolve) => {
      sent.push(x);
      answers.push(() => resolve(x * 10));
    });
  return {
    sent,
    run,
    answerNext: async () => {
      answers.shift()?.();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

describe('PredictionScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('throttles requests and sends only the latest image', async () => {
    const engine = fakeEngine();
    const results: number[] = [];
    const s = new PredictionScheduler(
      engine.run,
      (r) => results.push(r),
      () => undefined,
      100,
      clock,
    );
    s.request(1);
    expect(engine.sent).toEqual([]); // never inside the caller's task
    await vi.advanceTimersByTimeAsync(0);
    s.request(2);
    s.request(3);
    expect(engine.sent).toEqual([1]);
    await engine.answerNext();
    expect(results).toEqual([10]);
    expect(engine.sent).toEqual([1]); // still inside the interval
    await vi.advanceTimersByTimeAsync(100);
    expect(engine.sent).toEqual([1, 3]);
  });

  it('never has two requests in flight, and flush skips the interval', async () => {
    const engine = fakeEngine();
    const s = new PredictionScheduler(
      engine.run,
      () => undefined,
      () => undefined,
      100,
      clock,
    );
    s.request(1);
    await vi.advanceTimersByTimeAsync(500);
    s.flush(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.sent).toEqual([1]); // 1 is still in flight
    await engine.answerNext();
    expect(engine.sent).toEqual([1, 2]); // sent at once when 1 came back
  });

  it('a flush brings a throttled send forward', async () => {
    const engine = fakeEngine();
    const s = new PredictionScheduler(
      engine.run,
      () => undefined,
      () => undefined,
      100,
      clock,
    );
    s.request(1);
    await vi.advanceTimersByTimeAsync(0);
    await engine.answerNext();
    s.request(2); // due 100 ms after 1 was sent
    await vi.advanceTimersByTimeAsync(10);
    expect(engine.sent).toEqual([1]);
    s.flush(3);
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.sent).toEqual([1, 3]);
  });

  it('drops answers that arrive after cancel', async () => {
    const engine = fakeEngine();
    const results: number[] = [];
    const s = new PredictionScheduler(
      engine.run,
      (r) => results.push(r),
      () => undefined,
      100,
      clock,
    );
    s.request(1);
    await vi.advanceTimersByTimeAsync(0);
    s.cancel();
    await engine.answerNext();
    expect(results).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    s.flush(4);
    await vi.advanceTimersByTimeAsync(0);
    await engine.answerNext();
    expect(results).toEqual([40]);
  });
});
