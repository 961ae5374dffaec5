// `npm run screenshots`: builds the app, serves it with `vite preview`, and takes the README's
// screenshots from the real page in headless Chromium (real WebGPU; SwiftShader where no GPU is).
// Usage: tsx scripts/screenshots.ts [--out docs] [--train-seconds 40] [--skip-build] [--only main,no-webgpu,inside,teach,explain,embedding,histograms]
// "teach" fine-tunes the shipped model: several minutes on SwiftShader, most of it the two tests.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Locator, type Page } from 'playwright';
import { build, preview } from 'vite';
import { ChromiumNotFoundError, noWebgpuArgs, requireChromium, webgpuArgs } from '../chromium.ts';
import { NEW_ONES, TAUGHT_ONES } from '../e2e/european-one.ts';
import { DrawRegion } from '../e2e/regions/draw-region.ts';
import { ExplainRegion } from '../e2e/regions/explain-region.ts';
import { PersonalRegion } from '../e2e/regions/personal-region.ts';
import type { Stroke } from '../e2e/digits.ts';
import { parseModelSpec } from '../src/model/spec.ts';
import { specLinkHash } from '../src/model/spec-link.ts';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: 'docs' },
    'train-seconds': { type: 'string', default: '40' },
    'skip-build': { type: 'boolean', default: false },
    only: { type: 'string', default: 'main,no-webgpu,inside,teach,explain,embedding,histograms' },
  },
});
const SHOTS = ['main', 'no-webgpu', 'inside', 'teach', 'explain', 'embedding', 'histograms'] as const;
const only = new Set(args.only.split(','));
for (const name of only) if (!(SHOTS as readonly string[]).includes(name)) throw new Error(`--only takes ${SHOTS.join(', ')}; got ${name}`);
const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, args.out);
const trainSeconds = Number(args['train-seconds']);
if (!(trainSeconds >= 0)) throw new Error(`--train-seconds must be a number ≥ 0, got ${args['train-seconds']}`);

const VIEWPORT = { width: 1280, height: 900 };

// A hand-drawn "3" in pad coordinates (0..1): two bowls, stroked as a person would.
const THREE: Stroke[] = [
  [
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
  ],
];

async function drawDigit(page: Page, strokes: Stroke[]): Promise<void> {
  const draw = new DrawRegion(page);
  await draw.draw(strokes);
  await draw.predicted.filter({ hasText: /^[0-9]$/ }).waitFor();
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

/** The draw pad, a reading and the training run in the light and dark themes, and the builder. */
async function mainShots(page: Page): Promise<void> {
  // 1. First visit: the shipped model reads a drawn digit.
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
  await shootElement(page.getByTestId('builder'), 'builder.png');

  // 3. The same page in the dark theme.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('clear-pad').click();
  await drawDigit(page, THREE);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'dark.png');
}

async function shootElement(element: Locator, name: string): Promise<void> {
  await element.scrollIntoViewIfNeeded();
  await element.page().waitForTimeout(600);
  const path = join(outDir, name);
  await element.screenshot({ path });
  console.log(`wrote ${path}`);
}

/** The shipped model's inside view of a drawn 3: the layers, the filters, the saliency and Grad-CAM. */
async function insideShot(page: Page): Promise<void> {
  const inside = page.getByTestId('inside-view');
  await inside.locator('summary').click();
  await drawDigit(page, THREE);
  await inside.getByTestId('gradcam').waitFor({ timeout: 120_000 });
  await shootElement(page.locator('section.draw'), 'inside.png');
}

/** A briefly trained mlp: the digits of its worst confusion-matrix cell, and the test digits that drive one unit most. */
async function explainShots(page: Page): Promise<void> {
  await page.getByTestId('model-select').selectOption('mlp');
  await page.getByTestId('batch-size').fill('64');
  await page.getByTestId('train-start').click();
  await page.waitForTimeout(trainSeconds * 1000);
  await page.getByTestId('train-pause').click();
  await page.getByTestId('train-state').filter({ hasText: 'Paused' }).waitFor();
  await page.getByTestId('train-evaluate').click();
  await page.getByTestId('confusion-matrix').waitFor({ timeout: 300_000 });
  const explain = new ExplainRegion(page);
  const worst = await explain.worstCell();
  await explain.cell(worst.truth, worst.predicted).click();
  await explain.mistakeDigits.first().waitFor({ timeout: 300_000 });
  await shootElement(page.locator('section.confusion-section'), 'mistakes.png');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('inside-view').locator('summary').click();
  await drawDigit(page, THREE);
  await explain.channels.nth(12).click();
  await explain.topDigit.first().waitFor({ timeout: 300_000 });
  await shootElement(page.locator('section.draw'), 'top-digits.png');
}

/** The shipped model's map of 2,000 test digits, with a drawn 3 marked on it and a dot pointed at. */
async function embeddingShot(page: Page): Promise<void> {
  await drawDigit(page, THREE);
  const section = page.getByTestId('embedding-section');
  await section.locator('summary').scrollIntoViewIfNeeded();
  await section.locator('summary').click();
  const map = new ExplainRegion(page).embedding;
  await map.and(page.locator('[data-marked="1"]')).waitFor({ timeout: 300_000 });
  const card = page.locator('section.embedding-section');
  await card.scrollIntoViewIfNeeded();
  const box = await map.boundingBox();
  if (!box) throw new Error('the embedding map is not on the page');
  const hovered = page.getByTestId('embedding-hover');
  for (let i = 0; i < 400 && (await hovered.count()) === 0; i++)
    await page.mouse.move(box.x + box.width * (0.2 + 0.03 * (i % 20)), box.y + box.height * (0.2 + 0.03 * Math.floor(i / 20)));
  await shootElement(card, 'embedding.png');
}

/** A small two-layer network trained for eight epochs from its link: a ridge per epoch's test for each layer. */
async function histogramsShot(page: Page, url: string): Promise<void> {
  const spec = parseModelSpec({
    name: 'small',
    layers: [
      { kind: 'dense', units: 32, activation: 'relu' },
      { kind: 'dense', units: 10 },
    ],
  });
  await page.goto(new URL(specLinkHash(spec), url).href);
  await waitReady(page);
  await page.getByTestId('batch-size').fill('512');
  await page.getByTestId('epochs').fill('8');
  const section = page.getByTestId('layer-histograms-section');
  await section.locator('summary').scrollIntoViewIfNeeded();
  await section.locator('summary').click();
  await page.getByTestId('train-start').click();
  await page
    .getByTestId('train-state')
    .filter({ hasText: 'Done' })
    .waitFor({ timeout: 20 * 60_000 });
  await page.locator('[data-testid="layer-histograms"][data-ridges="8"]').waitFor();
  await shootElement(page.locator('section.histograms-section'), 'histograms.png');
}

/** Eight European ones taught as 1, "Learn my handwriting" run, and a new one read after it. */
async function teachShot(page: Page): Promise<void> {
  const draw = new DrawRegion(page);
  const personal = new PersonalRegion(page);
  for (const [i, strokes] of TAUGHT_ONES.entries()) {
    await draw.clear.click();
    await drawDigit(page, strokes);
    await personal.teach(1).click();
    await personal.count.filter({ hasText: String(i + 1) }).waitFor();
  }
  await personal.fineTune.click();
  await personal.status.filter({ hasText: /done$/ }).waitFor({ timeout: 20 * 60_000 });
  await draw.clear.click();
  await drawDigit(page, NEW_ONES[0]);
  await draw.probabilities();
  // The pad with its reading and "That's a …", and the set with its before → after, in one picture.
  const boxes = await Promise.all(['section.draw', 'section.personal'].map((s) => page.locator(s).boundingBox()));
  if (!boxes[0] || !boxes[1]) throw new Error('the draw and personal sections are not on the page');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(600);
  const [a, b] = boxes;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  const clip = { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
  const path = join(outDir, 'teach.png');
  await page.screenshot({ path, clip, fullPage: true });
  console.log(`wrote ${path}`);
}

async function main(): Promise<void> {
  const executablePath = requireChromium();
  await mkdir(outDir, { recursive: true });
  // The test build: the page's test hook (window.__inkling) says when it is ready.
  if (!args['skip-build']) await build({ root, mode: 'e2e', logLevel: 'warn' });
  const server = await preview({ root, preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview reported no URL');
  const withGpu = await chromium.launch({ executablePath, args: webgpuArgs, headless: true });
  const withoutGpu = await chromium.launch({ executablePath, args: noWebgpuArgs, headless: true });
  // Each shot opens its own page: a new context, so no stored run or digits carry between them.
  const ready = async () => {
    const page = await openApp(withGpu, url, 'light');
    await waitReady(page);
    return page;
  };
  try {
    if (only.has('main')) await mainShots(await ready());
    if (only.has('no-webgpu')) {
      const noGpu = await openApp(withoutGpu, url, 'light');
      await noGpu.getByTestId('no-webgpu').waitFor({ timeout: 60_000 });
      await shoot(noGpu, 'no-webgpu.png');
    }
    if (only.has('inside')) await insideShot(await ready());
    if (only.has('teach')) await teachShot(await ready());
    if (only.has('explain')) await explainShots(await ready());
    if (only.has('embedding')) await embeddingShot(await ready());
    if (only.has('histograms')) await histogramsShot(await ready(), url);
  } finally {
    await withGpu.close();
    await withoutGpu.close();
    await server.close();
  }
}

// A missing browser is said in one line, without a stack.
await main().catch((e: unknown) => {
  if (!(e instanceof ChromiumNotFoundError)) throw e;
  process.stderr.write(`screenshots: ${e.message}\n`);
  process.exitCode = 1;
});
