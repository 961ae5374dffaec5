// One place for the browser every runner launches: vitest's gpu project, the e2e suite, the
// trainer, the bench and the screenshots. CHROMIUM_PATH wins when set; otherwise the first
// Chromium-family browser in the usual places, then Playwright's own download if there is one.
// Looking costs a few file checks and never throws, so a config that imports this module loads
// on a machine without a browser (`vite build` reads vite.config.ts).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserType } from 'playwright';

/** Where a Chromium-family browser usually lives, in the order they are tried. */
export const CHROMIUM_PLACES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
] as const;

export const NO_CHROMIUM =
  'No Chromium found: install it (Debian/Ubuntu: apt-get install chromium; or npx playwright install chromium) or set CHROMIUM_PATH=/path/to/chrome';

export type ChromiumSearch = { path: string } | { problem: string };

export interface ChromiumSearchInputs {
  /** The CHROMIUM_PATH variable; empty counts as unset. */
  env: string | undefined;
  exists: (path: string) => boolean;
  /** Where Playwright keeps its own Chromium (whether or not it is downloaded); may throw. */
  playwrightPath: () => string | undefined;
}

/** The browser to launch, or one line that says what is missing and how to fix it. */
export function findChromium({ env, exists, playwrightPath }: ChromiumSearchInputs): ChromiumSearch {
  if (env) {
    return exists(env)
      ? { path: env }
      : { problem: `CHROMIUM_PATH=${env}: no such file; point it at a Chromium or Chrome executable, or unset it to look in the usual places` };
  }
  const found = CHROMIUM_PLACES.find((p) => exists(p));
  if (found) return { path: found };
  let bundled: string | undefined;
  try {
    bundled = playwrightPath();
  } catch {
    // A Playwright that cannot name its browser (an unsupported platform) has none to offer.
  }
  return bundled && exists(bundled) ? { path: bundled } : { problem: NO_CHROMIUM };
}

/** Playwright's download, named only if the package loads: it is a dev dependency. */
function playwrightChromium(): string | undefined {
  const { chromium } = createRequire(import.meta.url)('playwright') as { chromium: BrowserType };
  return chromium.executablePath();
}

let search: ChromiumSearch | undefined;

/** The search on this machine, done once. */
export function chromiumSearch(): ChromiumSearch {
  search ??= findChromium({ env: process.env.CHROMIUM_PATH, exists: existsSync, playwrightPath: playwrightChromium });
  return search;
}

/** Thrown by requireChromium: its message is the whole story, so print it without a stack. */
export class ChromiumNotFoundError extends Error {}

/** The browser for a command that cannot run without one; throws ChromiumNotFoundError otherwise. */
export function requireChromium(): string {
  const s = chromiumSearch();
  if ('problem' in s) throw new ChromiumNotFoundError(s.problem);
  return s.path;
}

/**
 * For the test runners' configs, which must load without a browser: the browser found, or a set
 * CHROMIUM_PATH as given (the launch then names it), or undefined, where Playwright looks for its
 * own download and, lacking it, says to run `npx playwright install`.
 */
export const chromiumPath: string | undefined = ((s) => ('path' in s ? s.path : process.env.CHROMIUM_PATH || undefined))(chromiumSearch());

// Quiet-network flags keep Chromium from dialling out on a machine with no network.
const quiet = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const webgpuArgs = ['--enable-unsafe-webgpu', ...quiet];
export const noWebgpuArgs = [...quiet];
