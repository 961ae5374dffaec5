// Accuracy shown is accuracy measured on these weights, in the real page: a file that claims 100%
// with random weights is shown as a claim, never as the model's accuracy, until a check on these
// weights (1,000 test digits, at once) and then a full test replace it; after a lost GPU rolls the
// weights back, no test of a step past the restored one is shown.
import type { Browser, Page } from '@playwright/test';
import { buildGraph, initParams, initState, unpackWeights } from '../src/model/graph';
import { specLinkHash } from '../src/model/spec-link';
import { parseModelSpec } from '../src/model/spec';
import { encodeModelFile } from '../src/model/weights-file';
import { expect, test } from './fixtures';

const TINY = parseModelSpec({ name: 'tiny', layers: [{ kind: 'dense', units: 10 }] });

/** Every text the header's badges show from now on, in order (a figure may last only moments). */
async function recordBadges(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { badgeTexts: string[] }).badgeTexts = seen;
    const note = () => {
      const text = document.querySelector('.badges')?.textContent ?? '';
      if (seen.at(-1) !== text) seen.push(text);
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => [...(window as unknown as { badgeTexts: string[] }).badgeTexts]);
}

async function crashGpuProcess(browser: Browser): Promise<void> {
  const cdp = await browser.newBrowserCDPSession();
  await cdp.send('Browser.crashGpuProcess').catch(() => undefined);
  await cdp.detach().catch(() => undefined);
}

test('a file that claims 100% with random weights is shown as its claim; the check on 1,000 digits and then the first test replace it', async ({
  page,
  status,
  train,
}) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await status.waitReady();
  const graph = buildGraph(TINY);
  const weights = unpackWeights(graph, { params: initParams(graph, 5), state: initState(graph) });
  const provenance = { command: 'hand-made', epochs: 1, steps: 1, batch: 16, testAccuracy: 1, testLoss: 0, adapter: 'none' };
  const file = Buffer.from(encodeModelFile(weights, { spec: TINY, provenance }));
  const badges = await recordBadges(page);
  await page.getByTestId('model-import').setInputFiles({ name: 'perfect.safetensors', mimeType: 'application/octet-stream', buffer: file });
  const checked = page.getByTestId('model-checked');
  await expect(checked).toHaveText(/^\d+\.\d% on a 1,000-digit check$/, { timeout: 90_000 });
  const figure = Number((await checked.textContent())!.match(/^([\d.]+)%/)![1]);
  expect(figure).toBeLessThan(50);
  // The claim was shown, as the file's, and never as the model's accuracy.
  const seen = await badges();
  expect(seen.some((t) => t.includes('tiny · 100.0% recorded when it was made'))).toBe(true);
  expect(seen.filter((t) => /tiny \(custom\) · 100\.0%/.test(t))).toEqual([]);
  await expect(page.getByTestId('recorded-accuracy')).toBeHidden();
  await expect(status.modelAccuracy).toBeHidden();

  // The first full test is the model's accuracy from then on.
  await train.evaluate.click();
  await expect(status.modelAccuracy).toHaveText(/^\d+\.\d%$/, { timeout: 90_000 });
  await expect(checked).toBeHidden();
  expect(Number((await status.modelAccuracy.textContent())!.replace('%', ''))).toBeLessThan(50);
});

// Also pinned by src/worker/engine-session-accuracy.gpu.test.ts (a lost device rolls the weights back).
test('a lost GPU rolls the weights back: no test of a step past the restored one is shown', { tag: '@stress' }, async ({ page, browser, status, train }) => {
  test.setTimeout(240_000);
  await page.goto(`/${specLinkHash(TINY)}`);
  await status.waitReady();
  await train.configure({ learningRate: '0.003', batchSize: '64', epochs: '2' });
  await train.start.click();
  await expect.poll(async () => (await status.snapshot()).savedStep ?? 0, { timeout: 90_000 }).toBeGreaterThan(0);
  // Tested while it trains, then the GPU is lost before the next autosave (every 10 s) copies those weights.
  await train.evaluate.click();
  await expect(status.modelAccuracy).toHaveText(/%$/, { timeout: 60_000 });
  const testedAt = (await status.snapshot()).testSteps.at(-1)!;
  await crashGpuProcess(browser);
  const recovered = page.getByTestId('notice-notice').filter({ hasText: /Recovered on .*from the weights of step \d+/ });
  await expect(recovered).toBeVisible({ timeout: 90_000 });
  const from = Number((await recovered.textContent())!.match(/step (\d+)/)![1]);
  await train.pause.click();
  await expect(train.state).toHaveText('Paused');
  const after = await status.snapshot();
  // Whatever the restored step, no test past it is left; the one taken after it is gone with its badge.
  // The recovered run goes on training, and tests the model at each epoch's end it reaches
  // (a tiny model's epoch takes seconds): those tests measured the restored weights' run.
  expect(after.stepsPerEpoch).toBeGreaterThan(0);
  const stale = after.testSteps.filter((s) => s > from && s % after.stepsPerEpoch !== 0);
  expect(stale, `tests past the restored step ${from} that no epoch's end took`).toEqual([]);
  if (testedAt > from && testedAt % after.stepsPerEpoch !== 0) expect(after.testSteps).not.toContain(testedAt);
  if (testedAt > from && after.testSteps.every((s) => s <= from)) {
    await expect(status.modelAccuracy).toBeHidden();
    expect(after.testAccuracy).toBeNull();
  }
  test.info().annotations.push({ type: 'rollback', description: `tested at step ${testedAt}, restored from step ${from}` });
  await expect(page.getByTestId('engine-failed')).toHaveCount(0);
});
