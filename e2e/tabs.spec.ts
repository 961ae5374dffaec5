// Two tabs of one browser share one saved run; one tab at a time owns it. In real Chromium with
// the app's IndexedDB and the browser's Web Locks: the second tab opens the run read-only and
// cannot overwrite it; taking it over works, the tab taken over from says so at once and stops;
// nothing is lost either way (the weights compared by value, through the exported model files).
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { decodeSafetensors } from '../src/model/safetensors';
import { specLinkHash } from '../src/model/spec-link';
import { parseModelSpec } from '../src/model/spec';
import type { NamedTensors } from '../src/model/graph';
import { AppStatus } from './regions/app-status';
import { SavedModelsRegion } from './regions/saved-models-region';
import { TrainRegion } from './regions/train-region';
import { expect, test } from './fixtures';

const TINY = { name: 'tiny', layers: [{ kind: 'dense', units: 10 }] };

/** The tensors of the model file "Export model" downloads: the weights the tab's engine holds now. */
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

function regions(page: Page) {
  return { status: new AppStatus(page), train: new TrainRegion(page), saved: new SavedModelsRegion(page), banner: page.getByTestId('run-elsewhere') };
}

test('a second tab opens the run read-only and cannot overwrite it; taking over works, and nothing is lost either way', async ({ page, context }) => {
  test.setTimeout(480_000);
  page.on('dialog', (d) => void d.accept());
  const a = regions(page);
  await page.goto(`/${specLinkHash(parseModelSpec(TINY))}`);
  await a.status.waitReady();
  await expect(a.banner).toBeHidden();
  await a.train.configure({ learningRate: '0.003', batchSize: '64', epochs: '2' });
  await a.train.start.click();
  await expect.poll(() => a.train.step(), { timeout: 60_000, intervals: [100] }).toBeGreaterThan(5);
  await a.train.pause.click();
  await expect(a.train.state).toHaveText('Paused');
  const pausedAt = await a.train.step();
  await expect.poll(() => a.saved.savedStep()).toBe(pausedAt);
  const first = await exportedWeights(page);

  // The second tab shows the run read-only and says so.
  const other = await context.newPage();
  other.on('dialog', (d) => void d.accept());
  const b = regions(other);
  await other.goto('/');
  await b.status.waitReady();
  await expect(b.banner).toContainText('This run is open in another tab — take it over here?');
  await expect(b.train.stepCount).toHaveText(String(pausedAt));
  // "Train from scratch" saved at once before; now it is refused, with the reason.
  await b.train.start.click();
  await expect(other.getByTestId('config-error')).toHaveText(/open in another tab/);
  await expect(b.train.stepCount).toHaveText(String(pausedAt));

  // The first tab's run is untouched: a reload brings it back as it was.
  await page.reload();
  await a.status.waitReady();
  await expect(a.banner).toBeHidden();
  await expect(a.train.stepCount).toHaveText(String(pausedAt));
  expect(maxAbsDifference(first, await exportedWeights(page))).toBe(0);

  // The first tab trains on; the second takes the run over while it does.
  await a.train.pause.click();
  await expect(a.train.state).toHaveText('Training');
  await expect.poll(() => a.train.step(), { timeout: 60_000, intervals: [100] }).toBeGreaterThan(pausedAt + 3);
  await b.banner.getByTestId('run-take-over').click();
  // The tab taken over from says so at once, pauses, and its last state is what the other reads.
  await expect(a.banner).toContainText('Another tab took this run over: this tab no longer saves it.');
  await expect(a.train.state).toHaveText('Paused');
  const handedAt = await a.train.step();
  await b.status.waitReady();
  await expect(b.banner).toBeHidden();
  await expect(b.train.stepCount).toHaveText(String(handedAt));
  await expect.poll(() => b.saved.savedStep()).toBe(handedAt);
  const handed = await exportedWeights(page);
  expect(maxAbsDifference(handed, await exportedWeights(other))).toBe(0);

  // The new owner trains and saves; the old one writes nothing, and a reload of it reads the new owner's run.
  await b.train.pause.click();
  await expect.poll(() => b.train.step(), { timeout: 60_000, intervals: [100] }).toBeGreaterThan(handedAt + 3);
  await b.train.pause.click();
  await expect(b.train.state).toHaveText('Paused');
  const secondAt = await b.train.step();
  await expect.poll(() => b.saved.savedStep()).toBe(secondAt);
  const second = await exportedWeights(other);
  await page.reload();
  await a.status.waitReady();
  await expect(a.banner).toContainText('This run is open in another tab');
  await expect(a.train.stepCount).toHaveText(String(secondAt));
  expect(maxAbsDifference(second, await exportedWeights(page))).toBe(0);
  await expect(page.getByTestId('engine-failed')).toHaveCount(0);
  await expect(other.getByTestId('engine-failed')).toHaveCount(0);
});
