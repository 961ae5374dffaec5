// Bundles a Node entry point of this project into one .mjs for Dawn-for-Node hosts (a lent GPU
// machine carries only the bundle, the data and node_modules/webgpu). `?raw` WGSL imports become
// inlined strings, as Vite does for the app.
import { build, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const rawText: Plugin = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(dirname(args.importer), args.path.replace(/\?raw$/, '')), namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
  },
};

export async function bundleForNode(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dawn's native module and the browser tooling stay outside; Node resolves them.
    external: ['webgpu', 'playwright', 'vite', '@vitejs/plugin-react', 'vitest', '@vitest/browser-playwright'],
    define: { 'import.meta.env.BASE_URL': '"/"', 'process.env.INKLING_BUNDLED': '"1"' },
    plugins: [rawText],
    logLevel: 'error',
    banner: { js: "import { createRequire as __inklingRequire } from 'node:module'; const require = __inklingRequire(import.meta.url);" },
  });
}
