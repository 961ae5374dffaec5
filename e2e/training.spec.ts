import { DIGITS } from './digits';
import { expect, test } from './fixtures';

interface LongTaskLog {
  tasks: { start: number; duration: number }[];
  /** Long animation frames, with the scripts that ran in them: says what a long task was. */
  frames: { start: number; duration: number; scripts: string[] }[];
}

// Not in TypeScript's DOM types yet: the Long Animation Frames API entry, as much as is read here.
interface LongAnimationFrame extends PerformanceEntry {
  scripts: { invoker: string; sourceFunctionName: string; duration: number }[];
}

declare global {
  interface Window {
    __longTasks?: LongTaskLog;
  }
}

// Trace recording snapshots the DOM inside the page, on its main thread, at every action: those
// snapshots are long tasks of their own and would be blamed on the app.
test.use({ trace: 'off' });

test.beforeEach(async ({ page }) => {
  // Records every main-thread task over 50 ms (the browser only reports those).
  await page.addInitScript(() => {
    const log: LongTaskLog = { tasks: [], frames: [] };
    window.__longTasks = log;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) log.tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as LongAnimationFrame[]) {
        const scripts = entry.scripts.map((s) => `${s.invoker} ${s.sourceFunctionName} ${Math.round(s.duration)} ms`);
        log.frames.push({ start: entry.startTime, duration: entry.duration, scripts });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
  await page.goto('/');
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// SwiftShader runs WebGPU on the CPU (~100 images/s here): small batches, long polls.
test('start, pause, resume, reset; the loss falls and the page stays responsive', async ({ page, status, train, draw }) => {
  test.setTimeout(240_000);
  await status.waitReady();
  await train.configure({ model: 'mlp', learningRate: '0.003', batchSize: '16', epochs: '1' });

  await train.start.click();
  await expect(train.state).toHaveText('Training');
  const since = await page.evaluate(() => performance.now());

  await expect.poll(() => train.step(), { timeout: 60_000 }).toBeGreaterThan(5);

  // Predictions are answered while training runs.
  await draw.draw(DIGITS.one);
  await expect(draw.predicted).toHaveText(/^[0-9]$/, { timeout: 30_000 });

  await expect
    .poll(
      async () => {
        const loss = (await status.snapshot()).trainingLoss;
        if (loss.length < 60) return false;
        return mean(loss.slice(-20)) < 0.8 * mean(loss.slice(0, 20));
      },
      { timeout: 150_000, intervals: [2000], message: 'training loss falls' },
    )
    .toBe(true);

  const { tasks, frames } = await page.evaluate((t0) => {
    const log = window.__longTasks ?? { tasks: [], frames: [] };
    return { tasks: log.tasks.filter((t) => t.start >= t0), frames: log.frames.filter((f) => f.start >= t0) };
  }, since);
  expect(tasks, `main-thread tasks over 50 ms during training; frames: ${JSON.stringify(frames)}`).toEqual([]);

  await train.pause.click();
  await expect(train.state).toHaveText('Paused');
  await expect(train.pause).toHaveText('Resume');
  const paused = await train.step();
  await page.waitForTimeout(1500);
  expect(await train.step()).toBe(paused);

  await train.pause.click();
  await expect(train.state).toHaveText('Training');
  await expect.poll(() => train.step(), { timeout: 60_000 }).toBeGreaterThan(paused);

  await train.reset.click();
  await expect(train.stepCount).toHaveText('0');
  await expect(train.state).toHaveText('Ready');
  await expect.poll(async () => (await status.snapshot()).trainingLoss.length).toBe(0);
});

test('a cosine schedule with augmentation: the learning rate shown falls as the run goes on', async ({ status, train }) => {
  test.setTimeout(120_000);
  await status.waitReady();
  // 58 steps in all: past the middle, cosine has more than halved the rate.
  await train.configure({ model: 'mlp', learningRate: '0.002', batchSize: '1024', epochs: '1', schedule: 'cosine', augment: 'shift' });
  await train.start.click();
  await expect(train.state).toHaveText('Training');
  await expect.poll(() => train.step(), { timeout: 90_000 }).toBeGreaterThan(35);
  // At the last step the rate reaches 0; until then it is positive.
  const lr = Number(await train.currentLearningRate.textContent());
  expect(lr).toBeGreaterThanOrEqual(0);
  expect(lr).toBeLessThan(0.001);
});
