// The page's test hook ships only in the test build: `vite build` as `npm start` runs it leaves
// window.__inkling out, and the build Playwright serves (`--mode e2e`) has it, which also shows
// that the search below reads the bundle it builds.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

/** The files of the built app that mention the hook, from `vite build` (in `mode`, if given) into a temporary folder. */
async function filesNamingTheHook(mode?: string): Promise<string[]> {
  const outDir = await mkdtemp(join(tmpdir(), 'inkling-build-'));
  try {
    // Vitest sets NODE_ENV=test, which would make Vite build for development; the shipped build has none.
    const env = { ...process.env, NODE_ENV: undefined };
    await promisify(execFile)(process.execPath, [vite, 'build', '--outDir', outDir, '--logLevel', 'error', ...(mode ? ['--mode', mode] : [])], {
      cwd: root,
      env,
    });
    const files = (await readdir(outDir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile() && /\.(js|html)$/.test(f.name));
    const named: string[] = [];
    for (const f of files) if ((await readFile(join(f.parentPath, f.name), 'utf8')).includes('__inkling')) named.push(f.name);
    return named;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

describe('the test hook', () => {
  it('is not in the production build', async () => {
    expect(await filesNamingTheHook()).toEqual([]);
  }, 180_000);

  it('is in the e2e build', async () => {
    expect(await filesNamingTheHook('e2e')).toHaveLength(1);
  }, 180_000);
});
