// `npm run screenshots`: builds the app, serves it with `vite preview`, and takes the README's
// screenshots from the real page in headless Chromium (real WebGPU; SwiftShader where no GPU is).
// Usage: tsx scripts/screenshots.ts [--out docs] [--train-seconds 40] [--skip-build]
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright';
import { build, preview } from 'vite';
import { chromiumPath, noWebgpuArgs, webgpuArgs } from '../chromium.ts';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: 'docs' },
    'train-seconds': { type: 'string', default: '40' },
    'skip-build': { type: 'boolean', default: false },
  },
});
const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, args.out);
const trainSeconds = Number(args['train-seconds']);
if (!(trainSeconds >= 0)) throw new Error(`--train-seconds must be a number ≥ 0, got ${args['train-seconds']}`);

const VIEWPORT = { width: 1280, height: 900 };

// A hand-drawn "3" in pad coordinates (0..1): two bowls, stroked as a person would.
const THREE: [number, number][] = [
  [0.3, 0.22],
  [0.45, 0.15],
  [0.62, 0.18],
  [0.68, 0.3],
  [0.58, 0.44],
  [0.45, 0.48],
  [0.6, 0.52],
  [0.7, 0.64],
  [0.64, 0.8],
  [0.47, 0.86],
  [0.3, 0.8],
];

async function drawDigit(page: Page, points: [number, number][]): Promise<void> {
  const pad = page.getByTestId('draw-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('the draw pad is not visible');
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 5 });
  await page.mouse.up();
  await page
    .getByTestId('predicted-digit')
    .filter({ hasText: /^[0-9]$/ })
    .waitFor();
}

async function openApp(browser: Browser, url: string, colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT, colorScheme });
  page.on('pageerror', (e) => console.error(`[page] ${e.message}`));
  await page.goto(url);
  return page;
}

async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__inkling?.snapshot().phase === 'ready', null, { timeout: 120_000 });
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  if (fullPage) {
    // Charts off screen hold their data until they scroll into view: show each one once.
    for (const chart of await page.locator('.chart').all()) {
      await chart.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
  }
  // Charts redraw a few times a second: let the last data land before the picture.
  await page.waitForTimeout(600);
  const path = join(outDir, name);
  await page.screenshot({ path, fullPage });
  console.log(`wrote ${path}`);
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  if (!args['skip-build']) await build({ root, logLevel: 'warn' });
  const server = await preview({ root, preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview reported no URL');
  const withGpu = await chromium.launch({ executablePath: chromiumPath, args: webgpuArgs, headless: true });
  const withoutGpu = await chromium.launch({ executablePath: chromiumPath, args: noWebgpuArgs, headless: true });
  try {
    // 1. First visit: the shipped model reads a drawn digit.
    const page = await openApp(withGpu, url, 'light');
    await waitReady(page);
    await drawDigit(page, THREE);
    await shoot(page, 'draw.png');

    // 2. Training live, then a test-set evaluation to fill the evaluation views.
    await page.getByTestId('model-select').selectOption('mlp');
    await page.getByTestId('batch-size').fill('32');
    // Enough epochs that the run is still going when the picture is taken (the default is one).
    await page.getByTestId('epochs').fill('3');
    await page.getByTestId('train-start').click();
    await page.waitForTimeout(trainSeconds * 1000);
    await page.getByTestId('train-pause').click();
    await page.getByTestId('train-state').filter({ hasText: 'Paused' }).waitFor();
    await page.getByTestId('train-evaluate').click();
    await page.getByTestId('sample-grid').waitFor({ timeout: 300_000 });
    await drawDigit(page, THREE);
    await shoot(page, 'training.png', true);
    // The builder of the network that just trained: its layers, costs and the speed estimate.
    const builderPath = join(outDir, 'builder.png');
    await page.getByTestId('builder').screenshot({ path: builderPath });
    console.log(`wrote ${builderPath}`);

    // 3. The same page in the dark theme.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('clear-pad').click();
    await drawDigit(page, THREE);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'dark.png');

    // 4. A browser without WebGPU.
    const noGpu = await openApp(withoutGpu, url, 'light');
    await noGpu.getByTestId('no-webgpu').waitFor({ timeout: 60_000 });
    await shoot(noGpu, 'no-webgpu.png');
  } finally {
    await withGpu.close();
    await withoutGpu.close();
    await server.close();
  }
}

await main();
