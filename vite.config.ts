import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { chromiumPath, webgpuArgs } from './chromium.ts';
import { CONTENT_SECURITY_POLICY, servedHeaders } from './content-security-policy.ts';

/** Only the build gets the policy: the dev server's hot reload injects inline scripts. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'inkling-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

// Vitest's browser runner serves its own frames: the page's policy is for the app's servers. Its
// page is cross-origin isolated all the same, as the app is, for the CPU engine's threads.
const serving = !process.env.VITEST;
const isolated = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  ...(serving ? { server: { headers: servedHeaders('dev') }, preview: { headers: servedHeaders('preview') } } : { server: { headers: isolated } }),
  worker: { format: 'es' },
  // Pre-bundled up front: a dependency discovered mid-run makes Vite reload the page, which
  // restarts (or hangs) a browser test run from a cold cache.
  optimizeDeps: {
    include: ['comlink', 'react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom/client', 'uplot', 'zustand', 'fflate', '@bufbuild/protobuf/wire'],
  },
  build: { target: 'es2022' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/**/*.node.test.ts', 'scripts/**/*.node.test.ts', '*.node.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'gpu',
          include: ['src/**/*.gpu.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser, tests in series: SwiftShader already uses every core.
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: webgpuArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
