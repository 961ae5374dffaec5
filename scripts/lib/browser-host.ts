// Runs a page of this project in headless Chromium with WebGPU: a Vite dev server on loopback
// serves the sources (so `?raw` WGSL and public/data work as in the app), Playwright drives
// Debian's Chromium. Used by the command-line trainer and the benchmark.
import { chromium, type Browser, type Page } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import { chromiumPath, webgpuArgs } from '../../chromium.ts';

export interface BrowserHost {
  page: Page;
  close(): Promise<void>;
}

export async function openPage(path: string, onConsole?: (text: string) => void): Promise<BrowserHost> {
  const server: ViteDevServer = await createServer({
    configFile: new URL('../../vite.config.ts', import.meta.url).pathname,
    // No watcher and no HMR: an edit to the tree during a long run would reload the page.
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
    logLevel: 'error',
    clearScreen: false,
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the Vite server did not report a port');
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: webgpuArgs, headless: true });
    const page = await browser.newPage();
    page.on('console', (msg) => onConsole?.(msg.text()));
    page.on('pageerror', (err) => onConsole?.(`page error: ${err.message}`));
    await page.goto(`http://127.0.0.1:${address.port}${path}`);
    const b = browser;
    return {
      page,
      async close() {
        await b.close();
        await server.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await server.close();
    throw e;
  }
}
