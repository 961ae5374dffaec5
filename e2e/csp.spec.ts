import { CONTENT_SECURITY_POLICY } from '../content-security-policy';
import { DIGITS } from './digits';
import { expect, test } from './fixtures';

// The page as shipped, with its service worker (the suite blocks it elsewhere: playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

// The built page carries a Content-Security-Policy that allows only what the app uses: the whole
// app works under it (no violation while it loads, trains, reads a digit and exports), and a
// script injected inline is refused.
test('the app runs under its Content-Security-Policy, which refuses an injected inline script', async ({ page, status, train, draw }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto('/');
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', CONTENT_SECURITY_POLICY);
  await status.waitReady();
  await draw.draw(DIGITS.seven);
  await expect(draw.predicted).not.toHaveText('');
  await train.configure({ model: 'mlp', batchSize: '32', epochs: '1' });
  await train.start.click();
  await expect.poll(() => train.step(), { timeout: 60_000 }).toBeGreaterThan(5);
  await train.pause.click();
  const download = page.waitForEvent('download');
  await page.getByTestId('model-export').click();
  expect((await download).suggestedFilename()).toMatch(/\.safetensors$/);
  expect(violations, 'CSP violations while the app ran').toEqual([]);

  const blocked = await page.evaluate(
    () =>
      new Promise<{ ran: boolean; directive: string }>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve({ ran: 'injected' in window, directive: e.effectiveDirective }), { once: true });
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.body.append(script);
      }),
  );
  expect(blocked).toEqual({ ran: false, directive: 'script-src-elem' });
});

// frame-ancestors works only as a header; COOP and COEP make the page cross-origin isolated
// (the CPU engine's threads need SharedArrayBuffer).
test('the served page may not be framed by another origin, and is cross-origin isolated', async ({ page, status }) => {
  const response = await page.goto('/');
  const headers = response!.headers();
  expect(headers['content-security-policy']).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  await status.waitReady();
});
