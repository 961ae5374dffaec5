// Reading first on the CPU engine (the no-webgpu project: no GPU adapter), as reading-first.spec.ts
// measures it on the GPU engine: a digit drawn as soon as the pad shows is read while the engine
// still loads MNIST and builds its training plan. The figure is printed.
import { expect, test } from './fixtures';
import { noteFirstReading, readAsSoonAsThePadShows } from './first-reading';

// Playwright's trace snapshots the page at each action, on the page's own thread: off, so the figure is the page's.
test.use({ trace: 'off' });

test('without WebGPU, a digit drawn as soon as the pad shows is read before the engine is ready', async ({ page, draw }) => {
  await noteFirstReading(page);
  await page.goto('/');
  const { readAfter } = await readAsSoonAsThePadShows(page, draw, 'CPU engine, no GPU adapter');
  // Generous: the goal is a second on a quiet machine; this machine is shared.
  expect(readAfter).toBeLessThan(30_000);
});
