import { DIGITS } from './digits';
import { specLinkHash } from '../src/model/spec-link';
import { parseModelSpec } from '../src/model/spec';
import { expect, test } from './fixtures';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('the inside view shows every layer, the filters, the output, the saliency and Grad-CAM of the drawn digit, and follows the drawing', async ({
  page,
  status,
  builder,
  train,
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

  // Grad-CAM beside the saliency, for the prediction; explaining another digit changes both.
  await expect(inside.gradCam).toBeVisible();
  expect(zero.explained).toBe(0);
  // By default at the last layer with maps: in the default network, the max pool before the dense head.
  expect(zero.gradCam?.layer).toBe(one.layers.findLast((l) => l.startsWith('pool')));
  expect(zero.gradCam!.sum).toBeGreaterThan(0);
  await inside.explainClass.selectOption('6');
  await expect(inside.gradCam).toHaveAttribute('data-explained', '6');
  const six = (await status.snapshot()).inside!;
  expect([six.predicted, six.explained]).toEqual([0, 6]);
  expect(six.gradCam!.sum).not.toBe(zero.gradCam!.sum);
  expect(six.saliency).not.toBe(zero.saliency);

  // A network of dense layers alone, from a link and put to use by training it, has no maps to
  // look at: a line says so in Grad-CAM's place.
  const denseOnly = parseModelSpec({
    name: 'dense-only',
    layers: [
      { kind: 'dense', units: 16, activation: 'relu' },
      { kind: 'dense', units: 10 },
    ],
  });
  await page.evaluate((hash) => (location.hash = hash), specLinkHash(denseOnly));
  await expect(builder.name).toHaveValue('dense-only');
  await train.start.click();
  // Building the network and starting its run take a while on SwiftShader.
  await expect(status.modelTitle).toHaveText(/^dense-only/, { timeout: 90_000 });
  // Loading the link took the page to the builder: the inside view asks again once back in sight.
  await inside.summary.scrollIntoViewIfNeeded();
  await expect(inside.gradCamAbsent).toHaveText(/needs a convolution layer/, { timeout: 60_000 });
  await expect(inside.gradCam).toBeHidden();
  await expect(inside.saliency).toBeVisible();

  // Collapsed again, it lets go of what it showed.
  await inside.toggle();
  await expect.poll(async () => (await status.snapshot()).inside).toBeNull();
});
