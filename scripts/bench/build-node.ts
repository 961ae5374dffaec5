// Bundles the Node benchmark into one file, dist/bench-node.mjs, so that only it, Dawn and the
// data travel to a GPU machine. `webgpu` stays external (its native addon is restored there);
// WGSL `?raw` imports become strings, as Vite makes them.
import { build, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const NODE_BUNDLE = resolve(root, 'dist/bench-node.mjs');

const rawText: Plugin = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)), namespace: 'raw-text' }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
  },
};

export async function buildNodeBundle(): Promise<string> {
  await build({
    entryPoints: [resolve(root, 'scripts/bench/node-main.ts')],
    outfile: NODE_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // TF.js's ES modules; its CommonJS builds pull in more of its Node platform layer.
    mainFields: ['module', 'main'],
    external: ['webgpu', 'node-fetch'],
    plugins: [rawText],
    // CommonJS inside an ES module bundle still calls require() for Node built-ins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return NODE_BUNDLE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildNodeBundle();
  console.log(`wrote ${out}`);
}
