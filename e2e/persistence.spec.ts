// What outlives the tab, in real Chromium with the app's IndexedDB store: a reload brings the run
// back (charts, step count, the same answers for the same drawing) and a run interrupted by reloads
// ends with the weights of an uninterrupted one; storage that fails is said and training goes on;
// the saved-model list opens, renames and deletes.
import { readFileSync } from 'node:fs';
import type { Dialog, Page } from '@playwright/test';
import { decodeSafetensors } from '../src/model/safetensors';
import { specLinkHash } from '../src/model/spec-link';
import { parseModelSpec } from '../src/model/spec';
import type { NamedTensors } from '../src/model/graph';
import { DIGITS } from './digits';
import { expect, test } from './fixtures';

/** The tensors of the model file "Export model" downloads: the weights the engine holds now. */
async function exportedWeights(page: Page): Promise<NamedTensors> {
  const download = page.waitForEvent('download');
  await page.getByTestId('model-export').click();
  const bytes = readFileSync(await (await download).path());
  return decodeSafetensors(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).tensors;
}

function maxAbsDifference(a: NamedTensors, b: NamedTensors): number {
  expect(Object.keys(b)).toEqual(Object.keys(a));
  let max = 0;
  for (const [name, t] of Object.entries(a)) t.data.forEach((v, i) => (max = Math.max(max, Math.abs(v - b[name].data[i]))));
  return max;
}

/** Every dialog the page opens (a beforeunload prompt would be one), accepted so nothing hangs. */
function recordDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (d: Dialog) => {
    seen.push(d.type());
    void d.accept();
  });
  return seen;
}

const RUN = { model: 'mlp', learningRate: '0.003', batchSize: '1024', epochs: '1' } as const;
// 60,000 / 64 = 937 steps of a softmax regression: cheap steps, but many, so there is time to pause and reload mid-run.
const SETTINGS = { learningRate: '0.003', batchSize: '64', epochs: '1' } as const;
/** Opened by its link: a whole epoch costs a fraction of the mlp's, so two fit in a test on a busy machine. */
const TINY = { name: 'tiny', layers: [{ kind: 'dense', units: 10 }] };

test('a reload brings the run back as it was, and the run it resumes ends with the uninterrupted run’s weights', async ({
  page,
  status,
  train,
  draw,
  saved,
}) => {
  test.setTimeout(600_000);
  const dialogs = recordDialogs(page);
  await page.goto(`/${specLinkHash(parseModelSpec(TINY))}`);
  await status.waitReady();
  await train.configure(SETTINGS);

  // The reference: the same settings (the app's seed is fixed), never interrupted.
  await train.start.click();
  await expect(train.state).toHaveText('Done', { timeout: 240_000 });
  const uninterrupted = await exportedWeights(page);
  const total = await train.step();

  await train.start.click();
  // The counter first still shows the finished run's last step.
  await expect.poll(async () => (await train.step()) < total && (await train.step()) > 12, { timeout: 60_000, intervals: [100] }).toBe(true);
  await train.pause.click();
  await expect(train.state).toHaveText('Paused');
  const pausedAt = await train.step();
  // The pause is saved, and so is a test taken while paused.
  await expect.poll(() => saved.savedStep()).toBe(pausedAt);
  const savedAt = (await status.snapshot()).savedAt;
  await train.evaluate.click();
  await expect(train.testAccuracy).toHaveText(/%$/, { timeout: 60_000 });
  await expect.poll(async () => (await status.snapshot()).savedAt).not.toBe(savedAt);
  await draw.draw(DIGITS.seven);
  await expect(draw.predicted).toHaveText(/^[0-9]$/);
  const before = { probabilities: await draw.probabilities(), snapshot: await status.snapshot() };
  expect(before.snapshot.trainingLoss.length).toBe(pausedAt);
  expect(before.snapshot.testSteps).toEqual([pausedAt]);

  await page.reload();
  await status.waitReady();
  await expect(train.stepCount).toHaveText(String(pausedAt));
  await expect(train.state).toHaveText('Paused');
  await expect(train.pause).toHaveText('Resume');
  const after = await status.snapshot();
  // The loss chart's history, the test curve and the header's model come back.
  expect(after.trainingLoss).toEqual(before.snapshot.trainingLoss);
  expect(after.testSteps).toEqual(before.snapshot.testSteps);
  const tested = `${(before.snapshot.testAccuracy! * 100).toFixed(1)}%`;
  await expect(train.testAccuracy).toHaveText(tested);
  await expect(status.modelName).toHaveText(`tiny (custom) · ${tested}`);
  // The settings form too.
  await expect(train.batchSize).toHaveValue(SETTINGS.batchSize);
  await expect(train.learningRate).toHaveValue(SETTINGS.learningRate);
  // The model reads the same drawing the same way.
  await draw.draw(DIGITS.seven);
  await expect(draw.predicted).toHaveText(/^[0-9]$/);
  const probabilities = await draw.probabilities();
  probabilities.forEach((p, d) => expect(p, `digit ${d}`).toBeCloseTo(before.probabilities[d], 6));

  // One click goes on; a reload while it trains resumes from the last autosave (≤ ~10 s back).
  await train.pause.click();
  await expect(train.state).toHaveText('Training');
  await expect.poll(() => saved.savedStep(), { timeout: 60_000, intervals: [100] }).toBeGreaterThan(pausedAt);
  expect(await train.step()).toBeLessThan(total);
  await page.reload();
  await status.waitReady();
  const resumedAt = await train.step();
  expect(resumedAt).toBeGreaterThan(pausedAt);
  await expect(train.state).toHaveText('Paused');
  await train.pause.click();
  await expect(train.state).toHaveText('Done', { timeout: 240_000 });
  expect(await train.step()).toBe(total);

  const resumed = await exportedWeights(page);
  const difference = maxAbsDifference(uninterrupted, resumed);
  test.info().annotations.push({
    type: 'resumed vs uninterrupted',
    description: `paused at ${pausedAt}, reloaded at ${resumedAt} of ${total}: max |Δweight| = ${difference}`,
  });
  console.info(`[persistence] paused at ${pausedAt}, reloaded while training at ${resumedAt} of ${total}: max |Δweight| vs uninterrupted = ${difference}`);
  expect(difference).toBe(0);
  expect(dialogs).toEqual([]);
});

test('storage that fails is said plainly, training goes on, and leaving then asks first', async ({ page, status, train, saved }) => {
  test.setTimeout(180_000);
  // The worker's IndexedDB refuses to open, as in a private window that blocks storage.
  await page.route('**/assets/engine.worker*.js', async (route) => {
    const response = await route.fetch();
    const refuse =
      "IDBFactory.prototype.open = function () { throw new DOMException('The user denied permission to access the database.', 'UnknownError'); };\n";
    await route.fulfill({ response, body: refuse + (await response.text()) });
  });
  await page.goto('/');
  await status.waitReady();
  // Said as the page opens…
  await expect(saved.storageError).toHaveText(/^Nothing can be saved or restored: this browser does not let the page store data/);
  await train.configure(RUN);
  await train.start.click();
  // …and again when the run cannot be saved.
  await expect(saved.storageError).toHaveText(
    /^Your work is not being saved: this browser does not let the page store data \(private browsing, or storage blocked for this site\)\. \(UnknownError: The user denied permission to access the database\.\) Training goes on/,
  );
  await expect(page.getByTestId('notice-error').filter({ hasText: 'Your work is not being saved' })).toBeVisible();
  const at = await train.step();
  await expect.poll(() => train.step(), { timeout: 60_000 }).toBeGreaterThan(at + 3);
  await expect(train.state).toHaveText('Training');

  // Nothing is kept, so leaving would lose the run: the page asks.
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const prompt = await dialog;
  expect(prompt.type()).toBe('beforeunload');
  await prompt.accept();
});

test('saved models: save, rename, open and delete, kept across a reload', async ({ page, status, train, draw, saved }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await status.waitReady();
  const reader = await status.modelName.textContent();

  // No name: the network and the step name it. The shipped reader keeps its history: the steps it was trained and the
  // test accuracy it was measured at when it was made.
  await saved.save.click();
  await expect(saved.rows).toHaveCount(1);
  const [first] = await saved.names();
  expect(first).toMatch(/^cnn-bn · step 11250$/);
  const row = saved.row(first);
  await expect(row.getByTestId('saved-model-summary')).toHaveText(/^conv2d 32 → batchnorm → maxpool 2 → .* · [\d,]+ parameters · 11,250 steps$/);
  await expect(row.getByTestId('saved-model-accuracy')).toHaveText('99.5%');
  await expect(row.getByTestId('saved-model-date')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);

  const renaming = await saved.rename(first, '   ');
  await expect(saved.error).toHaveText("The model was not renamed: a model's name may not be empty");
  await renaming.getByTestId('saved-model-name-input').fill('my reader');
  await renaming.getByTestId('saved-model-rename-ok').click();
  await expect.poll(() => saved.names()).toEqual(['my reader']);
  await expect(saved.error).toBeHidden();

  // A model trained here and tested, saved with its accuracy.
  await train.configure({ model: 'mlp', batchSize: '64', epochs: '1' });
  await train.start.click();
  await expect.poll(() => train.step(), { timeout: 60_000 }).toBeGreaterThan(2);
  await train.pause.click();
  await expect(train.state).toHaveText('Paused');
  await train.evaluate.click();
  await expect(status.modelAccuracy).toHaveText(/%$/, { timeout: 90_000 });
  await saved.name.fill('quick mlp');
  await saved.save.click();
  await expect.poll(() => saved.names()).toEqual(['quick mlp', 'my reader']);
  await expect(saved.row('quick mlp').getByTestId('saved-model-accuracy')).toHaveText((await status.modelAccuracy.textContent())!);
  await expect(saved.row('quick mlp').getByTestId('saved-model-summary')).toHaveText(/^dense 128 → dense 10 · 101,770 parameters · \d+ steps$/);

  // The saved reader opened again: it is the model in use, and reads a seven.
  await saved.row('my reader').getByTestId('saved-model-open').click();
  await expect(status.modelName).toHaveText(reader!);
  await expect(train.stepCount).toHaveText('0');
  await draw.draw(DIGITS.seven);
  await expect(draw.predicted).toHaveText('7');

  // The list, and the opened model as the one in use, outlive the page.
  await page.reload();
  await status.waitReady();
  await expect.poll(() => saved.names()).toEqual(['quick mlp', 'my reader']);
  await expect(status.modelName).toHaveText(reader!);

  await saved.row('my reader').getByTestId('saved-model-delete').click();
  await saved.row('quick mlp').getByTestId('saved-model-delete').click();
  await expect(saved.rows).toHaveCount(0);
  await page.reload();
  await status.waitReady();
  await expect(saved.root).toContainText('No saved models yet.');
});
