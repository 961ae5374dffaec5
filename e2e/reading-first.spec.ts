// Reading first (src/worker/session/first-reader.ts): a digit drawn as soon as the pad shows is
// read while the engine still loads MNIST and builds its training plan. The figure is printed;
// the CPU engine's by reading-first.no-webgpu.spec.ts.
import { expect, test } from './fixtures';
import { noteFirstReading, readAsSoonAsThePadShows } from './first-reading';

// Playwright's trace snapshots the page at each action, on the page's own thread: off, so the figure is the page's.
test.use({ trace: 'off' });

test('a digit drawn as soon as the pad shows is read before the engine is ready', async ({ page, draw }) => {
  await noteFirstReading(page);
  await page.goto('/');
  const { readAfter } = await readAsSoonAsThePadShows(page, draw, 'GPU engine, WebGPU on SwiftShader');
  // Generous: the goal is a second on a quiet machine; this machine is shared.
  expect(readAfter).toBeLessThan(30_000);
});
