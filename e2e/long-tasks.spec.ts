import { expect, test } from '@playwright/test';
import { watchMainThread } from './long-tasks';

// The check the responsiveness specs stand on: a task of the page's own past 50 ms is reported
// with what ran in it, and the test's own reads through DevTools are not.
test("the main-thread watch reports a task of the page's own over 50 ms, and not the test's reads", async ({ page }) => {
  await page.setContent('<p>a page that waits</p>');
  const busy = (ms: number) => {
    const from = performance.now();
    while (performance.now() - from < ms);
  };
  const watch = await watchMainThread(page);
  // Run by the page, in a timer's task: the page's work.
  await page.evaluate(`new Promise((done) => setTimeout(() => { (${busy.toString()})(200); done(); }, 0))`);
  // Run in the test's own evaluate: the test's.
  await page.evaluate(`(${busy.toString()})(200)`);
  const long = await watch.longTasks();
  expect(long).toHaveLength(1);
  expect(long[0].cpu).toBeGreaterThan(50);
  expect(long[0].work.join(' ')).toContain('TimerFire');
});
