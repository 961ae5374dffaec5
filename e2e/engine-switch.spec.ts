// The switch between the engines in the page: a run in training moves from the GPU to the CPU
// engine and back, the badge names the engine in use, and the step count and the loss chart go on
// from where they were (src/worker/session/engine-switch.ts; the weights' bound is tested in
// src/worker/engine-session-switch.gpu.test.ts).
import { parseModelSpec } from '../src/model/spec';
import { specLinkHash } from '../src/model/spec-link';
import { expect, test } from './fixtures';

const TINY = { name: 'tiny', layers: [{ kind: 'dense', units: 10 }] };

test('a run in training moves to the CPU engine and back: the badge follows, the step count goes on', async ({ page, status, train }) => {
  test.setTimeout(120_000);
  await page.goto(`/${specLinkHash(parseModelSpec(TINY))}`);
  await status.waitReady();
  const select = page.getByTestId('engine-select');
  await expect(select).toHaveValue('webgpu');
  expect(await select.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['webgpu', 'wasm']);
  await train.configure({ learningRate: '0.003', batchSize: '64', epochs: '3' });
  await train.start.click();
  await expect.poll(() => train.step(), { timeout: 60_000 }).toBeGreaterThan(5);

  await select.selectOption('wasm');
  await expect(page.getByTestId('engine-badge')).toContainText(/CPU · WebAssembly SIMD/);
  const moved = page.getByTestId('notice-notice').filter({ hasText: /Now on the CPU engine .*going on from step \d+/ });
  await expect(moved).toBeVisible();
  const from = Number((await moved.textContent())!.match(/from step (\d+)/)![1]);
  expect(from).toBeGreaterThan(5);
  await expect(train.state).toHaveText('Training');
  await expect.poll(() => train.step(), { timeout: 30_000 }).toBeGreaterThan(from);

  await select.selectOption('webgpu');
  await expect(page.getByTestId('engine-badge')).not.toContainText('CPU');
  await expect(select).toHaveValue('webgpu');
  const back = await train.step();
  expect(back).toBeGreaterThan(from);
  await expect.poll(() => train.step(), { timeout: 30_000 }).toBeGreaterThan(back);
  // The loss chart kept every step, before and after each switch.
  const loss = (await status.snapshot()).trainingLoss;
  expect(loss.length).toBeGreaterThan(back);
  expect(loss.every(Number.isFinite)).toBe(true);
  await expect(page.getByTestId('engine-failed')).toHaveCount(0);
  await train.pause.click();
});
