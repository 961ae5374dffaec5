import { DIGITS } from './digits';
import { expect, test } from './fixtures';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('the inside view shows every layer, the filters, the output and the saliency of the drawn digit, and follows the drawing', async ({
  status,
  draw,
  inside,
}) => {
  await status.waitReady();
  // Collapsed, it asks nothing: a drawing leaves it empty.
  await draw.draw(DIGITS.one);
  await expect(draw.predicted).toHaveText('1');
  expect((await status.snapshot()).inside).toBeNull();

  await inside.toggle();
  await expect.poll(async () => (await status.snapshot()).inside?.predicted).toBe(1);
  const one = (await status.snapshot()).inside!;
  // One row per layer of the model in use, each with its picture, and the last gives the 10 logits.
  await expect(inside.layers).toHaveCount(one.layers.length);
  expect(one.layers.length).toBeGreaterThan(2);
  await expect(inside.layers.last()).toContainText('10');
  await expect(inside.layers.locator('canvas')).toHaveCount(one.layers.length);
  await expect(inside.saliency).toBeVisible();
  await expect(inside.filters).toBeVisible();
  await expect(inside.output.locator('li')).toHaveCount(10);
  expect(one.saliency).toBeGreaterThan(0);

  // Another digit: another answer, another saliency map.
  await draw.clear.click();
  await expect(inside.hint).toHaveText(/Draw a digit/);
  await draw.draw(DIGITS.zero);
  await expect.poll(async () => (await status.snapshot()).inside?.predicted).toBe(0);
  const zero = (await status.snapshot()).inside!;
  expect(zero.layers).toEqual(one.layers);
  expect(zero.saliency).not.toBe(one.saliency);

  // Collapsed again, it lets go of what it showed.
  await inside.toggle();
  await expect.poll(async () => (await status.snapshot()).inside).toBeNull();
});
