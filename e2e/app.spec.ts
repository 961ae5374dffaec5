import { readFileSync } from 'node:fs';
import { DIGITS } from './digits';
import { expect, test } from './fixtures';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('opens ready: data loads, the adapter is shown, drawing gives a prediction', async ({ page, status, draw }) => {
  await status.waitReady();
  await expect(status.adapter).not.toBeEmpty();
  await expect(status.loading).toBeHidden();
  await expect(draw.predicted).toHaveText('');

  const scrollBefore = await page.evaluate(() => window.scrollY);
  await draw.draw(DIGITS.seven);
  await expect(draw.predicted).toHaveText(/^[0-9]$/);
  const probabilities = await draw.probabilities();
  expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  const predicted = Number(await draw.predicted.textContent());
  expect(Math.max(...probabilities)).toBe(probabilities[predicted]);
  // Drawing must not scroll the page (touch-action: none and pointer capture on the pad).
  expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
  await expect(draw.pad).toHaveCSS('touch-action', 'none');

  await draw.clear.click();
  await expect(draw.predicted).toHaveText('');
  await expect(draw.probability(0)).toHaveText('');
});

test('the pretrained model reads scripted digits', async ({ status, draw }) => {
  await status.waitReady();
  await expect(status.pretrained).toHaveText(/% test accuracy/);
  for (const [name, digit] of [['one', '1'], ['zero', '0'], ['seven', '7']] as const) {
    await draw.draw(DIGITS[name]);
    await expect(draw.predicted, `drawing a ${name}`).toHaveText(digit);
    await draw.clear.click();
  }
});

test('invalid settings are refused next to their field', async ({ status, train }) => {
  await status.waitReady();
  await train.configure({ learningRate: '2', batchSize: '0', epochs: '3.5' });
  await expect(train.fieldError('learning-rate')).toHaveText('learning rate must be > 0 and ≤ 1');
  await expect(train.fieldError('batch-size')).toHaveText('batch size must be an integer from 1 to 1024');
  await expect(train.fieldError('epochs')).toHaveText('epochs must be an integer from 1 to 50');
  await train.start.click();
  await expect(train.state).toHaveText('Ready');
  await expect(train.stepCount).toHaveText('0');
  await train.configure({ learningRate: '0.01' });
  await expect(train.fieldError('learning-rate')).toHaveCount(0);
});

test('the model exports to a file and imports back; bad files are refused and the model stays', async ({ page, status, draw }) => {
  await status.waitReady();
  const readSeven = async () => {
    await draw.clear.click();
    await draw.draw(DIGITS.seven);
    await expect(draw.predicted).toHaveText('7');
    return draw.probabilities();
  };
  const before = await readSeven();

  const download = page.waitForEvent('download');
  await page.getByTestId('model-export').click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { model: string; tensors: { shape: number[] }[] };
  expect(exported.model).toBe('cnn');

  const input = page.getByTestId('model-import');
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('model-import-error')).toHaveText('notes.txt is not an Inkling model file (it is not JSON)');
  exported.tensors[0].shape = [32, 1, 5, 5];
  await input.setInputFiles({ name: 'bent.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await expect(page.getByTestId('model-import-error')).toHaveText(/"conv1.weight" has shape \[32, 1, 5, 5\], expected \[32, 1, 3, 3\]/);
  // Both refusals left the model as it was.
  expect(await readSeven()).toEqual(before);

  await input.setInputFiles(file);
  await expect(page.getByTestId('model-import-error')).toBeHidden();
  const after = await readSeven();
  after.forEach((p, i) => expect(p).toBeCloseTo(before[i], 5));
});
