// Reading first, measured: the time from the draw pad showing to the first reading of a digit
// drawn as soon as it shows, in the page's own clock. An init script notes the moment the pad
// enters the page; the reading's moment is taken in the page as the predicted digit appears.
import { expect, type Page } from '@playwright/test';
import { DIGITS } from './digits';
import type { DrawRegion } from './regions/draw-region';

declare global {
  interface Window {
    __padShownAt?: number;
  }
}

const ms = (t: number) => `${Math.round(t)} ms`;

/** Before the page loads: note when the pad first shows (ms since navigation). */
export async function notePadShowing(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const look = () => {
      if (window.__padShownAt === undefined && document.querySelector('[data-testid="draw-pad"]')) window.__padShownAt = performance.now();
      return window.__padShownAt !== undefined;
    };
    const observer = new MutationObserver(() => look() && observer.disconnect());
    observer.observe(document, { childList: true, subtree: true });
  });
}

/**
 * Draws a seven as soon as the pad shows and waits until it is read; prints the figures (the goal is
 * a reading within a second of the pad showing, on a quiet machine) and returns them.
 */
export async function readAsSoonAsThePadShows(page: Page, draw: DrawRegion, engine: string): Promise<{ upAfter: number; readAfter: number }> {
  await draw.pad.waitFor({ state: 'visible' });
  // The moments the engine reads drawings and the page first shows a reading, noted in the page while the test draws.
  const readerUp = page.waitForFunction(() => (window.__inkling?.snapshot().reading ? performance.now() : false), null, { polling: 10, timeout: 30_000 });
  const readAt = page.waitForFunction(() => (document.querySelector('[data-testid="predicted-digit"]')?.textContent ? performance.now() : false), null, {
    polling: 10,
    timeout: 30_000,
  });
  await draw.draw(DIGITS.seven);
  const drawnAt = await page.evaluate(() => performance.now());
  const read = (await (await readAt).jsonValue()) as number;
  const shownAt = await page.evaluate(() => window.__padShownAt ?? Number.NaN);
  const phase = await page.evaluate(() => window.__inkling?.snapshot().phase ?? 'unknown');
  const readAfter = read - shownAt;
  const upAfter = ((await (await readerUp).jsonValue()) as number) - shownAt;
  console.log(
    `first reading (${engine}): the pad showed ${ms(shownAt)} after navigation; the engine read drawings ${ms(upAfter)} after the pad showed; ` +
      `a seven drawn at once (the drawing took ${ms(drawnAt - shownAt)}) was first read ${ms(readAfter)} after the pad showed (the engine was ${phase} when the test looked)`,
  );
  await expect(draw.predicted).toHaveText('7');
  return { upAfter, readAfter };
}
