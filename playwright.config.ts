import { defineConfig } from '@playwright/test';
import { chromiumPath, noWebgpuArgs, webgpuArgs } from './chromium.ts';

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: true,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list']],
  use: { baseURL: 'http://127.0.0.1:4173', trace: 'retain-on-failure' },
  webServer: {
    command: 'npx vite build && npx vite preview --port 4173 --strictPort --host 127.0.0.1',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: false,
    timeout: 180_000,
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /no-webgpu/,
      use: { browserName: 'chromium', launchOptions: { executablePath: chromiumPath, args: webgpuArgs } },
    },
    {
      name: 'no-webgpu',
      testMatch: /no-webgpu/,
      use: { browserName: 'chromium', launchOptions: { executablePath: chromiumPath, args: noWebgpuArgs } },
    },
  ],
});
