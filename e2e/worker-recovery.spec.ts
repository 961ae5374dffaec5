// The page outlives its engine: a data file answered with the app's HTML fails the start with a
// message that says so and names the file (and stays failed), and a worker that closes itself is
// found, restarted, and takes the run back from IndexedDB, while the page says what happened; a
// command it was doing then (an import, a test, a fine-tune) ends said as not done, to try again.
import { specLinkHash } from '../src/model/spec-link';
import { parseModelSpec } from '../src/model/spec';
import type { Page, Request } from '@playwright/test';
import { DIGITS } from './digits';
import { expect, test } from './fixtures';
import { alwaysThreeFile, closeWorkerOnBuffer, closeWorkerOnCall, engineWorker } from './worker-faults';

const TINY = { name: 'tiny', layers: [{ kind: 'dense', units: 10 }] };

test('a data file served as HTML: the start fails, naming the file and saying HTML came instead', async ({ page, status }) => {
  // The four MNIST files, requested at once by the worker: whether each has ended (loaded, or stopped by the failure).
  const downloads = new Map<string, boolean>();
  const isData = (url: string) => /\/data\/[^/]+\.gz$/.test(url);
  page.on('request', (r) => void (isData(r.url()) && downloads.set(r.url(), false)));
  const ended = (r: Request) => void (isData(r.url()) && downloads.set(r.url(), true));
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  // What a static host's single-page fallback does for a file it does not have.
  await page.route('**/data/t10k-labels-idx1-ubyte.gz', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Inkling</title>' }),
  );
  await page.goto('/');
  const failed = page.getByTestId('engine-failed');
  await expect(failed).toContainText(
    /The MNIST data could not be loaded: \S*\/data\/t10k-labels-idx1-ubyte\.gz: got an HTML page instead of gzipped MNIST data/,
    { timeout: 60_000 },
  );
  // The other downloads go on a while after: their progress must not bring "Loading…" back.
  await expect.poll(() => [...downloads.values()].filter(Boolean).length, { timeout: 60_000, message: 'the four data downloads end' }).toBe(4);
  await expect(failed).toBeVisible();
  await expect(status.loading).toBeHidden();
  expect((await status.snapshot()).phase).toBe('failed');
});

test('a worker that closes itself is restarted with the saved run; the page says what happened', async ({ page, status, train }) => {
  test.setTimeout(240_000);
  await page.goto(`/${specLinkHash(parseModelSpec(TINY))}`);
  await status.waitReady();
  await train.configure({ learningRate: '0.003', batchSize: '64', epochs: '1' });
  await train.start.click();
  await expect.poll(() => train.step(), { timeout: 60_000, intervals: [100] }).toBeGreaterThan(10);
  await train.pause.click();
  await expect(train.state).toHaveText('Paused');
  const pausedAt = await train.step();
  await expect.poll(async () => (await status.snapshot()).savedStep).toBe(pausedAt);
  const lossBefore = (await status.snapshot()).trainingLoss;

  const worker = page.workers().find((w) => w.url().includes('engine.worker'));
  expect(worker, 'the engine worker').toBeDefined();
  // Closed from inside, as a crash would end it: no event reaches the page.
  await worker!.evaluate(() => void setTimeout(() => self.close(), 0));

  await expect(page.getByTestId('notice-error').filter({ hasText: /The engine worker stopped: it did not answer for \d+ s\. Restarting it/ })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId('notice-notice').filter({ hasText: `The engine was restarted with your run as saved at step ${pausedAt}.` })).toBeVisible({
    timeout: 90_000,
  });
  await status.waitReady();
  await expect(train.stepCount).toHaveText(String(pausedAt));
  await expect(train.state).toHaveText('Paused');
  expect((await status.snapshot()).trainingLoss).toEqual(lossBefore);
  await expect(page.getByTestId('engine-failed')).toHaveCount(0);
  // And it trains on.
  await train.pause.click();
  await expect.poll(() => train.step(), { timeout: 60_000, intervals: [100] }).toBeGreaterThan(pausedAt);
  await train.pause.click();
});

// Each long command in flight when the worker dies ends in a clear state once it is restarted:
// not done, with the reason and the way to try again, and the button free; tried again, it is done.
test.describe('a worker that dies during a long command', () => {
  test.setTimeout(300_000);
  const stopped = /the engine worker stopped before it answered \(it did not answer for \d+ s\); try again once it has restarted/;
  const restarted = (page: Page) =>
    expect(page.getByTestId('notice-notice').filter({ hasText: /^The engine was restarted/ })).toBeVisible({ timeout: 120_000 });

  test('an import: said not imported, and imported when tried again', async ({ page, status, draw }) => {
    await page.goto('/');
    await status.waitReady();
    const badge = await status.modelName.textContent();
    await closeWorkerOnCall(await engineWorker(page), 'importModel');
    const input = page.getByTestId('model-import');
    await input.setInputFiles(alwaysThreeFile());
    const error = page.getByTestId('model-import-error');
    await expect(error).toHaveText(new RegExp(`^tiny\\.json was not imported: ${stopped.source}$`), { timeout: 60_000 });
    await restarted(page);
    await status.waitReady();
    // No run was saved before: the new worker has the model the page opened with, and says so.
    await expect(status.modelName).toHaveText(badge ?? '');
    await input.setInputFiles(alwaysThreeFile());
    await expect(status.modelTitle).toHaveText('tiny (custom)');
    await expect(error).toBeHidden();
    await draw.draw(DIGITS.seven);
    await expect(draw.predicted).toHaveText('3');
    await expect(page.getByTestId('engine-failed')).toHaveCount(0);
  });

  test('a test: said not finished, and tested when asked again', async ({ page, status, train }) => {
    await page.goto('/');
    await status.waitReady();
    // A one-layer model as the run (saved at once): its test takes seconds.
    await page.getByTestId('model-import').setInputFiles(alwaysThreeFile());
    await expect(status.modelTitle).toHaveText('tiny (custom)');
    await expect.poll(async () => (await status.snapshot()).savedStep).toBe(0);
    await closeWorkerOnCall(await engineWorker(page), 'evaluate');
    await train.evaluate.click();
    await expect(page.getByTestId('notice-notice').filter({ hasText: new RegExp(`^The test did not finish: ${stopped.source}\\.`) })).toBeVisible({
      timeout: 60_000,
    });
    await expect(train.testAccuracy).toHaveText('—');
    await restarted(page);
    await status.waitReady();
    await expect(status.modelTitle).toHaveText('tiny (custom)');
    await train.evaluate.click();
    await expect(train.testAccuracy).toHaveText(/^\d+(\.\d)?%$/, { timeout: 120_000 });
    await expect(page.getByTestId('engine-failed')).toHaveCount(0);
  });

  test('"Learn my handwriting": said not learned, the button free again, and learned when asked again', async ({ page, status, draw, personal }) => {
    await page.goto('/');
    await status.waitReady();
    await page.getByTestId('model-import').setInputFiles(alwaysThreeFile());
    await expect(status.modelTitle).toHaveText('tiny (custom)');
    await expect.poll(async () => (await status.snapshot()).savedStep).toBe(0);
    await draw.draw(DIGITS.seven);
    await personal.teach(7).click();
    await expect(personal.count).toHaveText('1');
    // Closed as the fine-tune's own data goes onto the GPU: its training has begun.
    await closeWorkerOnBuffer(await engineWorker(page), 'finetune');
    await personal.fineTune.click();
    await expect(personal.status).toHaveText(/^Learning your handwriting: step 0 of \d+$/);
    await expect(personal.status).toHaveText(new RegExp(`^Not learned: ${stopped.source}$`), { timeout: 60_000 });
    await expect(personal.error).toBeHidden();
    await restarted(page);
    await status.waitReady();
    await expect(personal.fineTune).toBeEnabled();
    await personal.fineTune.click();
    await expect(personal.status).toHaveText(/done$/, { timeout: 120_000 });
    await expect(page.getByTestId('engine-failed')).toHaveCount(0);
  });
});
