import { DIGITS } from './digits';
import { expect, test } from './fixtures';
import { watchMainThread } from './long-tasks';

// Trace recording snapshots the DOM on the page's main thread at every action: long tasks of its own.
test.use({ trace: 'off' });

test('the embedding map draws 2,000 test digits of the shipped reader, marks the drawn one, and shows the digit under the pointer', async ({
  page,
  status,
  draw,
  explain,
}) => {
  // Reading 2,000 test digits through the shipped cnn-bn is slow on a software GPU on a busy machine.
  test.setTimeout(300_000);
  await page.goto('/');
  await status.waitReady();
  await draw.draw(DIGITS.one);
  await expect(draw.predicted).toHaveText(/^[0-9]$/, { timeout: 30_000 });

  // Closed, there is no map.
  const section = page.getByTestId('embedding-section');
  await expect(explain.embedding).toHaveCount(0);
  const making = await watchMainThread(page);
  await section.locator('summary').scrollIntoViewIfNeeded();
  await section.locator('summary').click();
  await expect(explain.embedding).toHaveAttribute('data-points', '2000', { timeout: 150_000 });
  await expect(explain.embedding).toHaveAttribute('data-method', 'pca');
  await expect(explain.embedding).toHaveAttribute('data-marked', '1');
  expect(await making.longTasks(), 'main-thread tasks over 50 ms while the map was made and drawn').toEqual([]);

  // Some spot of a grid over the map lies on a dot: its digit shows.
  await explain.embedding.scrollIntoViewIfNeeded();
  const box = (await explain.embedding.boundingBox())!;
  const hovered = page.getByTestId('embedding-hover');
  for (let i = 0; i < 400 && (await hovered.count()) === 0; i++)
    await page.mouse.move(box.x + box.width * (0.05 + 0.045 * (i % 20)), box.y + box.height * (0.05 + 0.045 * Math.floor(i / 20)));
  await expect(hovered).toHaveText(/^Test image \d+: a \d, read as \d$/);
  await expect(hovered.getByRole('img')).toBeVisible();
});
