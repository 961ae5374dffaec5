import { describe, expect, it } from 'vitest';
import { SaveScheduler } from './save-scheduler.ts';

function setup() {
  let time = 0;
  const writes: number[] = [];
  const pending: (() => void)[] = [];
  const scheduler = new SaveScheduler(
    () =>
      new Promise<void>((resolve) => {
        writes.push(time);
        pending.push(resolve);
      }),
    10_000,
    () => time,
  );
  const finishWrite = async () => {
    pending.shift()?.();
    // Lets the scheduler's continuation run.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { scheduler, writes, finishWrite, advance: (ms: number) => (time += ms) };
}

describe('SaveScheduler', () => {
  it('ticks write at most once per interval', async () => {
    const { scheduler, writes, finishWrite, advance } = setup();
    scheduler.tick();
    expect(writes).toEqual([0]);
    await finishWrite();
    advance(4000);
    scheduler.tick();
    advance(5999);
    scheduler.tick();
    expect(writes).toEqual([0]);
    advance(1);
    scheduler.tick();
    expect(writes).toEqual([0, 10_000]);
  });

  it('never writes twice at once: a request during a write is one more write after it', async () => {
    const { scheduler, writes, finishWrite, advance } = setup();
    const first = scheduler.now();
    advance(20_000);
    scheduler.tick(); // a write is running: nothing
    const second = scheduler.now();
    const third = scheduler.now(); // coalesced with the second
    expect(writes).toEqual([0]);
    await finishWrite();
    expect(writes).toEqual([0, 20_000]);
    await finishWrite();
    await Promise.all([first, second, third]);
    expect(writes).toEqual([0, 20_000]);
    await scheduler.idle();
  });

  it('a failed write does not stop the schedule', async () => {
    let calls = 0;
    const scheduler = new SaveScheduler(
      () => (calls++ === 0 ? Promise.reject(new Error('quota')) : Promise.resolve()),
      0,
      () => 0,
    );
    await scheduler.now();
    await scheduler.now();
    expect(calls).toBe(2);
  });
});
