import { DIGITS } from './digits';
import { expect, test } from './fixtures';

test.use({ serviceWorkers: 'allow' });

// After one visit the service worker holds the whole page (vite.config.ts, offlineCopy): with the
// network gone a reload opens it from the cache, still cross-origin isolated, and it reads and trains.
test('after one visit, the page opens offline, reads a drawn digit and trains', async ({ page, context, status, draw, train }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  // Ready first: an engine still starting can outlast the new page's wait for the run it holds.
  await status.waitReady();
  // Controlled once the worker has precached everything and claimed the page.
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });

  await context.setOffline(true);
  const reload = await page.reload();
  expect(reload?.fromServiceWorker(), 'the page came from the service worker').toBe(true);
  expect(
    await page.evaluate(() =>
      fetch('/sw.js', { cache: 'no-store' }).then(
        () => 'online',
        () => 'offline',
      ),
    ),
    'a file the cache lacks',
  ).toBe('offline');
  expect(reload?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);

  await status.waitReady();
  await draw.draw(DIGITS.seven);
  await expect(draw.predicted).toHaveText('7');
  await train.configure({ model: 'mlp', batchSize: '32', epochs: '1' });
  await train.start.click();
  const started = await train.step();
  await expect.poll(() => train.step(), { timeout: 60_000 }).toBeGreaterThan(started + 3);
});
