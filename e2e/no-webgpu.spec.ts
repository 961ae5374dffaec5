import { DIGITS } from './digits';
import { expect, test } from './fixtures';

// This project starts Chromium without --enable-unsafe-webgpu: navigator.gpu exists, but
// requestAdapter() returns null. The page falls back to the CPU engine: no dead end.
test('without WebGPU the page runs on the CPU engine: it says so and why, reads digits and trains', async ({ page, status, draw, train }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  await status.waitReady();
  await expect(page.getByTestId('no-webgpu')).toHaveCount(0);
  // The charts are built in a quiet moment once the engine is ready, though off screen (reading first: not before).
  const testChart = page.getByTestId('test-chart');
  await expect(testChart.locator('.uplot')).toHaveCount(1);
  expect(await testChart.evaluate((chart) => chart.getBoundingClientRect().top > window.innerHeight)).toBe(true);
  // npm start's preview sends COOP/COEP: the CPU engine gets the page's threads.
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('engine-badge')).toContainText(/CPU · WebAssembly SIMD · \d+ threads?/);
  // No GPU to switch to: the engine select offers the CPU alone, and says why.
  const select = page.getByTestId('engine-select');
  await expect(select).toBeDisabled();
  await expect(select).toHaveAttribute('title', /no GPU adapter/);
  expect(await select.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['wasm']);
  const note = page.getByTestId('engine-fallback');
  await expect(note).toContainText('no GPU adapter');
  await expect(note).toContainText('Inkling runs on your CPU instead');
  await note.locator('summary').click();
  await expect(note).toContainText('--enable-unsafe-webgpu');

  // The shipped reader reads a drawn seven.
  await draw.draw(DIGITS.seven);
  await expect(draw.predicted).toHaveText('7', { timeout: 30_000 });

  await train.configure({ model: 'cnn', learningRate: '0.002', batchSize: '32', epochs: '1' });
  await train.start.click();
  await expect(train.state).toHaveText('Training');
  await expect.poll(() => train.step(), { timeout: 90_000 }).toBeGreaterThan(100);
  await expect
    .poll(
      async () => {
        const loss = (await status.snapshot()).trainingLoss;
        const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
        return loss.length >= 100 && mean(loss.slice(-20)) < 0.7 * mean(loss.slice(0, 20));
      },
      { timeout: 90_000, intervals: [1000], message: 'the training loss falls' },
    )
    .toBe(true);
  await train.pause.click();
  expect(errors).toEqual([]);
});
