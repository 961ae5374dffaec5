// Bundles the Node benchmark into one file, dist/bench-node.mjs, so that only it, Dawn and the
// data travel to a GPU machine (`webgpu` stays external; WGSL `?raw` imports become strings).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from '../lib/bundle-node.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const NODE_BUNDLE = resolve(root, 'dist/bench-node.mjs');

export async function buildNodeBundle(): Promise<string> {
  await bundleForNode(resolve(root, 'scripts/bench/node-main.ts'), NODE_BUNDLE);
  return NODE_BUNDLE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`wrote ${await buildNodeBundle()}`);
}
