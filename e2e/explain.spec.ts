import { expect, test } from './fixtures';

// Each test trains a little and reads the test set on a software GPU, on a machine that may be busy.
test.describe.configure({ timeout: 300_000 });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('a confusion cell lists its test digits, most confident first, and one of them opens in the inside view', async ({
  status,
  train,
  explain,
  inside,
  draw,
}) => {
  await status.waitReady();
  // A briefly trained mlp: quick to test on a software GPU, and with confusions to browse.
  await train.configure({ model: 'mlp', learningRate: '0.003', batchSize: '64', epochs: '1' });
  await train.start.click();
  await expect.poll(() => train.step(), { timeout: 60_000 }).toBeGreaterThan(20);
  await train.pause.click();
  await expect(train.state).toHaveText('Paused');
  await train.evaluate.click();
  await expect(explain.cells).toHaveCount(100, { timeout: 60_000 });
  const worst = await explain.worstCell();
  expect(worst.count).toBeGreaterThan(0);

  // Closed, the panel is not there.
  await expect(explain.mistakes).toHaveCount(0);
  await explain.cell(worst.truth, worst.predicted).click();
  await expect(explain.mistakes).toHaveAttribute('data-total', String(worst.count));
  await expect(explain.mistakeDigits).toHaveCount(Math.min(worst.count, 48));
  const shown = await explain.mistakeDigits.evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
  const probabilities = shown.map((t) => Number(/at ([\d.]+)%/.exec(t)![1]));
  expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
  for (const t of shown) expect(t).toMatch(new RegExp(`a ${worst.truth}, read as ${worst.predicted} at`));

  // The first goes on the pad, and the inside view opens on it, reading what the matrix says.
  await explain.mistakeDigits.first().click();
  await expect(inside.root).toHaveAttribute('open', '');
  await expect.poll(async () => (await status.snapshot()).inside?.predicted).toBe(worst.predicted);
  await expect(draw.predicted).toHaveText(String(worst.predicted));

  // The same cell again closes the panel.
  await explain.cell(worst.truth, worst.predicted).click();
  await expect(explain.mistakes).toHaveCount(0);
});
