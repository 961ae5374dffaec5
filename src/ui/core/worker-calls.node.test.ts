// Calls to the worker end: with their answer, after their limit, or at once when the worker is
// abandoned; the heartbeat calls a silent or failing worker dead, once; restarts are rationed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RestartBudget } from './restart-budget';
import { CALL_TIMEOUT_MS, CallGuard, EngineCallError, WorkerStoppedError } from './worker-calls';
import { watchWorker } from './worker-watch';

const never = () => new Promise<never>(() => undefined);

describe('CallGuard', () => {
  it('passes answers and errors through, and forgets settled calls', async () => {
    const guard = new CallGuard({ predict: 1000 });
    await expect(guard.run('predict', () => Promise.resolve(7))).resolves.toBe(7);
    await expect(guard.run('predict', () => Promise.reject(new Error('bad image')))).rejects.toThrow('bad image');
    expect(guard.inFlight).toBe(0);
  });

  it('a call with no answer is rejected after its own limit, naming the call', async () => {
    const guard = new CallGuard({ predict: 30, evaluate: 2000 });
    const slow = guard.run('evaluate', never);
    const started = performance.now();
    await expect(guard.run('predict', never)).rejects.toThrow(new EngineCallError('predict', 'the engine did not answer "predict" within 0.03 s'));
    expect(performance.now() - started).toBeLessThan(1000);
    // The other call's longer limit still runs.
    expect(guard.inFlight).toBe(1);
    guard.abandon('done');
    await expect(slow).rejects.toThrow('done');
  });

  it('abandon ends every call in flight with the reason; a late answer changes nothing', async () => {
    const guard = new CallGuard({ configure: 10_000 });
    let answer: (v: number) => void = () => undefined;
    const a = guard.run('configure', () => new Promise<number>((r) => (answer = r)));
    const b = guard.run('configure', never);
    guard.abandon('it did not answer for 20 s');
    const said = 'the engine worker stopped before it answered (it did not answer for 20 s); try again once it has restarted';
    await expect(a).rejects.toThrow(new WorkerStoppedError('it did not answer for 20 s'));
    await expect(a).rejects.toThrow(said);
    await expect(b).rejects.toThrow(said);
    answer(1);
    expect(guard.inFlight).toBe(0);
  });

  it('every call of the protocol has a limit, the long ones in minutes', () => {
    for (const [method, ms] of Object.entries(CALL_TIMEOUT_MS)) expect(ms, method).toBeGreaterThanOrEqual(15_000);
    expect(CALL_TIMEOUT_MS.fineTune).toBeGreaterThan(CALL_TIMEOUT_MS.configure);
  });
});

describe('watchWorker', () => {
  // On the fake clock: with real 5 ms beats a busy machine could skip pings, and the test would flake.
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps quiet while the worker answers; calls it dead once when it goes silent', async () => {
    let alive = true;
    let pings = 0;
    const dead: string[] = [];
    const stop = watchWorker({
      ping: () => {
        pings++;
        return alive ? Promise.resolve(true) : never();
      },
      intervalMs: 5,
      timeoutMs: 40,
      onDead: (why) => dead.push(why),
    });
    await vi.advanceTimersByTimeAsync(60);
    expect(dead).toEqual([]);
    expect(pings).toBeGreaterThan(2);
    alive = false;
    await vi.advanceTimersByTimeAsync(150);
    expect(dead).toEqual(['it did not answer for 0 s']);
    stop();
  });

  it('a failing ping is a death too; stop ends the watch', async () => {
    const dead: string[] = [];
    watchWorker({ ping: () => Promise.reject(new Error('port closed')), intervalMs: 5, timeoutMs: 1000, onDead: (why) => dead.push(why) });
    await vi.advanceTimersByTimeAsync(50);
    expect(dead).toEqual(['it failed to answer: port closed']);
    let pings = 0;
    const stop = watchWorker({ ping: () => (pings++, Promise.resolve()), intervalMs: 5, timeoutMs: 1000, onDead: () => dead.push('x') });
    stop();
    await vi.advanceTimersByTimeAsync(30);
    expect(pings).toBe(0);
  });
});

describe('RestartBudget', () => {
  it('allows a few restarts in the window, then none until the window has passed', () => {
    const budget = new RestartBudget(2, 1000);
    expect([budget.allow(0), budget.allow(10), budget.allow(20)]).toEqual([true, true, false]);
    expect(budget.allow(1011)).toBe(true);
  });
});
