import { defineConfig } from '@playwright/test';
import { chromiumPath, noWebgpuArgs, webgpuArgs } from './chromium.ts';

// Another port lets two checkouts run their e2e suites side by side.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: true,
  retries: process.env.CI ? 1 : 0,
  // Races a lower layer's tests already pin on a real device (src/worker/*.gpu.test.ts), played
  // again here through a crashed GPU process: minutes each on a software GPU, so they run with
  // `npm run test:stress` and not in every `npm test`.
  grepInvert: process.env.INKLING_STRESS ? undefined : /@stress/,
  workers: 1,
  reporter: [['list']],
  // The built page registers a service worker that precaches the app and its data: a test that
  // reroutes the page's requests (page.route) would not see those the worker answers, and each
  // test's fresh context would download the whole cache again. The specs about the worker
  // (offline, csp) allow it.
  use: { baseURL: `http://127.0.0.1:${port}`, trace: 'retain-on-failure', serviceWorkers: 'block' },
  webServer: {
    // The e2e build is the shipped one plus the page's test hook (window.__inkling, src/ui/page.tsx).
    command: `npx vite build --mode e2e && npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 180_000,
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /no-webgpu/,
      // The lost-GPU tests crash the GPU process several times in one browser: past Chromium's
      // limit (about three in a short while) it gives up on that process, and no new adapter comes.
      use: { browserName: 'chromium', launchOptions: { executablePath: chromiumPath, args: [...webgpuArgs, '--disable-gpu-process-crash-limit'] } },
    },
    {
      name: 'no-webgpu',
      testMatch: /no-webgpu/,
      use: { browserName: 'chromium', launchOptions: { executablePath: chromiumPath, args: noWebgpuArgs } },
    },
  ],
});
