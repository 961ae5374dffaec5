import { expect, test } from './fixtures';

// The builder's memory figure is the worker's answer from the plan it would allocate; here it is
// checked the way a user meets it: it follows the batch size, the optimizer and the network, and a
// network over the engine's budget is named next to the network and refused before the worker.
test('GPU memory follows the batch, the optimizer and the network; a plan over the budget is refused', async ({ page, status, train, builder }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await status.waitReady();
  const memory = page.getByTestId('builder-memory');
  // The figure is blank ("…") while the worker answers for new settings.
  const bytes = async () => Number((await memory.getAttribute('data-value')) ?? NaN);
  const settled = async (previous: number) => {
    await expect.poll(async () => (await bytes()) > 0 && (await bytes()) !== previous, { message: 'the figure answers for the new settings' }).toBe(true);
    return bytes();
  };

  await expect(memory).toHaveAttribute('data-value', /^\d+$/);
  await expect(memory).toContainText(/MiB of 1\.00 GiB/);
  const at64 = await bytes();
  await train.batchSize.fill('128');
  const at128 = await settled(at64);
  expect(at128).toBeGreaterThan(at64);
  await page.getByTestId('optimizer-select').selectOption('sgd');
  // SGD keeps one moment where Adam keeps two (and each has two snapshots).
  const sgd = await settled(at128);
  expect(sgd).toBeLessThan(at128);

  // 256 filters at batch 1024: the conv's output alone is 26·26·256·1024·4 bytes (709 MB).
  await builder.set(0, 'filters', '256');
  await train.batchSize.fill('1024');
  await expect(builder.error).toContainText(/needs \d+(\.\d+)? (GiB|MiB)/);
  await expect(train.start).toBeDisabled();
  await train.batchSize.fill('64');
  await expect(builder.error).toBeHidden();
  await expect(train.start).toBeEnabled();
});

test('with no run going, a short probe measures this GPU and the builder estimates its network from it', async ({ page, status, builder }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await status.waitReady();
  await expect(builder.speed).toBeHidden();
  await page.getByTestId('builder-probe').click();
  await expect(builder.speed).toContainText(/≈ [\d.]+k? images\/s/, { timeout: 90_000 });
  await expect(builder.speed).toContainText('short probe');
  const fast = Number(await builder.speed.getAttribute('data-value'));
  // Twice the filters, roughly twice the FLOPs: the estimate falls.
  await builder.set(0, 'filters', '64');
  await expect.poll(async () => Number(await builder.speed.getAttribute('data-value'))).toBeLessThan(fast);
});
