// Runs pages of this project in headless Chromium with WebGPU: a Vite dev server on loopback
// serves the sources (so `?raw` WGSL and public/data work as in the app), Playwright drives the
// Chromium that chromium.ts finds. Used by the command-line trainer and the benchmark.
import { chromium, type Browser, type Page } from 'playwright';
import { createServer, type DepOptimizationOptions, type ViteDevServer } from 'vite';
import { requireChromium, webgpuArgs } from '../../chromium.ts';

export interface BrowserHost {
  page: Page;
  /** e.g. http://127.0.0.1:43117 */
  origin: string;
  close(): Promise<void>;
}

export interface BrowserHostOptions {
  /** Chromium flags beyond the WebGPU ones. */
  extraArgs?: string[];
  /** Dependencies to pre-bundle before the page asks for them. */
  optimizeDeps?: DepOptimizationOptions;
  /** Response headers on everything the server sends (e.g. for cross-origin isolation). */
  headers?: Record<string, string>;
  port?: number;
}

/**
 * Starts the server and a blank page; attach listeners, then `page.goto(origin + path)`. Without
 * a browser it throws ChromiumNotFoundError before starting anything.
 */
export async function openBrowserHost(options: BrowserHostOptions = {}): Promise<BrowserHost> {
  const executablePath = requireChromium();
  const server: ViteDevServer = await createServer({
    configFile: new URL('../../vite.config.ts', import.meta.url).pathname,
    // No watcher and no HMR: an edit to the tree during a long run would reload the page.
    server: { host: '127.0.0.1', port: options.port ?? 0, strictPort: options.port !== undefined, hmr: false, watch: null, headers: options.headers },
    ...(options.optimizeDeps ? { optimizeDeps: options.optimizeDeps } : {}),
    logLevel: 'error',
    clearScreen: false,
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') {
    await server.close();
    throw new Error('the Vite server did not report a port');
  }
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath, args: [...webgpuArgs, ...(options.extraArgs ?? [])], headless: true });
    const page = await browser.newPage();
    const b = browser;
    return {
      page,
      origin: `http://127.0.0.1:${address.port}`,
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
