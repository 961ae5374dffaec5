import { createRequire } from 'node:module';
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

/** The part of vite-plugin-pwa's options used here. */
interface OfflineCopyOptions {
  injectRegister: false;
  registerType: 'prompt';
  manifest: false;
  workbox: { globPatterns: string[]; maximumFileSizeToCacheInBytes: number; clientsClaim: boolean; cleanupOutdatedCaches: boolean };
}
// Loaded untyped: its types import workbox-build's, whose type-fest 0.20 adds TypeScript's esnext
// library to every file the project's tsconfig checks.
const { VitePWA } = createRequire(import.meta.url)('vite-plugin-pwa') as { VitePWA: (options: OfflineCopyOptions) => Plugin[] };

/**
 * The service worker that keeps the built page working offline after one visit (registered by
 * src/ui/app/offline.ts; the dev server and vitest get none). It precaches everything the page
 * loads: the app's scripts (the CPU engine's wasm is inside them), styles and workers, index.html
 * for every navigation, the MNIST files and the shipped reader. A cached response keeps the
 * headers it was fetched with, so a page served cross-origin isolated stays so offline.
 */
function offlineCopy(): Plugin[] {
  return VitePWA({
    injectRegister: false,
    // A new version waits for every tab of the old one to close: nothing reloads a page mid-run.
    registerType: 'prompt',
    // No install prompt: a web app manifest would also need a manifest-src in the page's policy.
    manifest: false,
    workbox: {
      globPatterns: ['**/*.{js,css,html,wasm,gz,safetensors}'],
      // The default (2 MiB) would leave out the MNIST training images.
      maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
      // The first visit is controlled as soon as the worker is in, not from its next load on.
      clientsClaim: true,
      cleanupOutdatedCaches: true,
    },
  });
}

// Vitest's browser runner serves its own frames: the page's policy is for the app's servers. Its
// page is cross-origin isolated all the same, as the app is, for the CPU engine's threads.
const serving = !process.env.VITEST;
const isolated = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), offlineCopy()],
  ...(serving ? { server: { headers: servedHeaders('dev') }, preview: { headers: servedHeaders('preview') } } : { server: { headers: isolated } }),
  worker: { format: 'es' },
  // Pre-bundled up front: a dependency discovered mid-run makes Vite reload the page, which
  // restarts (or hangs) a browser test run from a cold cache.
  optimizeDeps: {
    include: [
      'comlink',
      'react',
      'react/jsx-runtime',
      'react/jsx-dev-runtime',
      'react-dom/client',
      'uplot',
      'zustand',
      'fflate',
      '@bufbuild/protobuf/wire',
      'umap-js',
      'idb',
    ],
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
