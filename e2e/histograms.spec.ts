// How training moves the layers: with the view open, each test during training adds a ridge to
// every layer with weights, a reload brings the ridges back with the run, and opening the view on
// them holds the page's thread no more than 50 ms at a time. The window is the view's own update:
// a test's arrival also redraws the charts and the confusion matrix, which on a busy machine take
// about 50 ms with the view closed, and would be blamed on it.
import { parseModelSpec } from '../src/model/spec';
import { specLinkHash } from '../src/model/spec-link';
import { expect, test } from './fixtures';
import { longTasksBetween, pageNow, recordLongTasks } from './long-tasks';

// Trace recording snapshots the DOM on the page's main thread at every action: long tasks of its own.
test.use({ trace: 'off' });

/** One dense layer: an epoch of 59 steps of 1,024 digits and its test take seconds on a software GPU. */
const TINY = parseModelSpec({ name: 'tiny', layers: [{ kind: 'dense', units: 10 }] });

test('the layer histograms grow a ridge per test during training, without long tasks, and come back after a reload', async ({ page, status, train, saved }) => {
  test.setTimeout(180_000);
  await recordLongTasks(page);
  await page.goto(`/${specLinkHash(TINY)}`);
  await status.waitReady();
  await train.configure({ learningRate: '0.003', batchSize: '1024', epochs: '2' });
  const section = page.getByTestId('layer-histograms-section');
  await section.locator('summary').click();
  const panel = page.getByTestId('layer-histograms');
  const ridges = async () => Number((await panel.getAttribute('data-ridges', { timeout: 1000 }).catch(() => null)) ?? 0);

  await train.start.click();
  // The first test's ridge, then the second's: the view grows with training.
  await expect.poll(ridges, { timeout: 90_000, intervals: [250] }).toBe(1);
  await expect(page.getByTestId('update-ratio')).toHaveText('‖Δw‖/‖w‖ after the next test');
  await expect.poll(ridges, { timeout: 90_000, intervals: [250] }).toBe(2);
  await expect(train.state).toHaveText('Done');

  // One per layer with weights, each with both ridges and the update ratio over the second epoch.
  const layer = page.getByTestId('layer-histogram');
  await expect(layer).toHaveCount(1);
  await expect(layer).toHaveAttribute('data-layer', 'dense1');
  await expect(layer).toHaveAttribute('data-ridges', '2');
  await expect(page.getByTestId('update-ratio')).toHaveText(/^‖Δw‖\/‖w‖ = \S+ over the (\d+) steps since step \1 /);

  const total = await train.step();
  await expect.poll(() => saved.savedStep(), { timeout: 30_000 }).toBe(total);
  await page.reload();
  await status.waitReady();
  await expect(train.stepCount).toHaveText(String(total));
  const from = await pageNow(page);
  await section.locator('summary').click();
  await expect(layer).toHaveAttribute('data-ridges', '2');
  await expect(page.getByTestId('update-ratio')).toHaveText(/^‖Δw‖\/‖w‖ = /);
  expect(await longTasksBetween(page, from, await pageNow(page)), 'main-thread tasks over 50 ms while the histograms open on a run').toEqual([]);
});
