import type { Page } from '@playwright/test';
import { DIGITS } from './digits';
import { expect, test } from './fixtures';
import type { TrainRegion } from './regions/train-region';

// Each test trains a little and reads the test set on a software GPU, on a machine that may be busy.
test.describe.configure({ timeout: 300_000 });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

/** A briefly trained mlp: quick to read on a software GPU, and with confusions to browse. */
async function trainBriefly(train: TrainRegion, model = 'mlp'): Promise<void> {
  await train.configure({ model, learningRate: '0.003', batchSize: '64', epochs: '1' });
  await train.start.click();
  await expect.poll(() => train.step(), { timeout: 60_000 }).toBeGreaterThan(20);
  await train.pause.click();
  await expect(train.state).toHaveText('Paused');
}

/** The numbers after `pattern` in each element's title. */
async function titleNumbers(page: Page, testId: string, pattern: RegExp): Promise<number[]> {
  const titles = await page.getByTestId(testId).evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
  return titles.map((t) => Number(pattern.exec(t)?.[1]));
}

test('a confusion cell lists its test digits, most confident first, and one of them opens in the inside view', async ({
  page,
  status,
  train,
  explain,
  inside,
  draw,
}) => {
  await status.waitReady();
  await trainBriefly(train);
  await train.evaluate.click();
  await expect(explain.cells).toHaveCount(100, { timeout: 60_000 });
  const worst = await explain.worstCell();
  expect(worst.count).toBeGreaterThan(0);

  // Closed, the panel is not there.
  await expect(explain.mistakes).toHaveCount(0);
  await explain.cell(worst.truth, worst.predicted).click();
  await expect(explain.mistakes).toHaveAttribute('data-total', String(worst.count));
  await expect(explain.mistakeDigits).toHaveCount(Math.min(worst.count, 48));
  const probabilities = await titleNumbers(page, 'mistake-digit', /at ([\d.]+)%/);
  expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
  for (const t of await explain.mistakeDigits.evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? '')))
    expect(t).toMatch(new RegExp(`a ${worst.truth}, read as ${worst.predicted} at`));

  // The first goes on the pad, and the inside view opens on it, reading what the matrix says.
  await explain.mistakeDigits.first().click();
  await expect(inside.root).toHaveAttribute('open', '');
  await expect.poll(async () => (await status.snapshot()).inside?.predicted).toBe(worst.predicted);
  await expect(draw.predicted).toHaveText(String(worst.predicted));

  // While training, an evaluation refreshes the cell's digits.
  const readAt = await explain.mistakes.getAttribute('data-step');
  await expect(train.pause).toHaveText('Resume');
  await train.pause.click();
  await expect(train.state).toHaveText('Training');
  await train.evaluate.click();
  await expect(explain.mistakes).not.toHaveAttribute('data-step', readAt ?? '', { timeout: 120_000 });
  await expect(explain.mistakeDigits.first()).toBeVisible();
  await train.pause.click();
  await expect(train.state).toHaveText('Paused');

  // The same cell again closes the panel.
  await explain.cell(worst.truth, worst.predicted).click();
  await expect(explain.mistakes).toHaveCount(0);
});

test('a unit of the inside view shows the 9 test digits that drive it most, and one of them opens on the pad', async ({
  page,
  status,
  train,
  explain,
  inside,
  draw,
}) => {
  await status.waitReady();
  await trainBriefly(train);
  await draw.draw(DIGITS.one);
  await inside.toggle();
  await expect.poll(async () => (await status.snapshot()).inside?.layers.length).toBe(2);
  // One button per unit of each layer: 128 + 10.
  await expect(explain.channels).toHaveCount(138);
  await expect(explain.topDigits).toHaveCount(0);

  await explain.channels.nth(5).click();
  await expect(explain.topDigits).toHaveAttribute('data-channel', '5');
  await expect(explain.topDigit).toHaveCount(9, { timeout: 60_000 });
  const values = await titleNumbers(page, 'top-digit', /unit value (\S+?)\. Click/);
  expect(values.every(Number.isFinite)).toBe(true);
  expect(values).toEqual([...values].sort((a, b) => b - a));

  // A logit's unit: its top digits are the test digits most strongly read as that class.
  await explain.channels.nth(128 + 7).click();
  await expect(explain.topDigits).toHaveAttribute('data-layer', '1');
  await expect(explain.topDigit).toHaveCount(9);
  await expect(explain.topDigit.first()).toHaveAttribute('title', /read as 7 at/);

  await explain.topDigit.first().click();
  await expect(draw.predicted).toHaveText('7');
});
