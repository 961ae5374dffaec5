// The engine calls the page sends its worker, by method name, read off comlink's messages as they
// are posted: a test can then prove that a refused command never reached the engine. A wrapper
// around the real postMessage, as countBufferCreation wraps the device: nothing is mocked.
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __workerCalls?: string[];
  }
}

/** Records every call posted to a worker from now on; returns a reader of the calls so far. */
export async function recordWorkerCalls(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const calls: string[] = [];
    window.__workerCalls = calls;
    const post = Reflect.get(Worker.prototype, 'postMessage') as (this: Worker, ...args: unknown[]) => void;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      // comlink's call: { type: 'APPLY', path: ['configure'], argumentList: [...] }
      const path = (message as { path?: unknown } | null)?.path;
      if (Array.isArray(path)) calls.push(path.join('.'));
      post.call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
  return () => page.evaluate(() => [...(window.__workerCalls ?? [])]);
}
