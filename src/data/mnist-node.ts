// MNIST from disk for the command-line trainer and Node tests: the same gzipped assets the app
// serves (public/data/*.gz), decompressed with node:zlib.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { loadMnist, loadMnistSplit, type FetchBytes, type Mnist, type MnistSet, type MnistSplit } from './mnist.ts';

export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../public/data/', import.meta.url));

const gunzipAsync = promisify(gunzip);

export function loadMnistFromDisk(dir = DEFAULT_DATA_DIR): Promise<Mnist> {
  return loadMnist(diskFetcher(dir));
}

export function loadMnistSplitFromDisk(split: MnistSplit, dir = DEFAULT_DATA_DIR): Promise<MnistSet> {
  return loadMnistSplit(diskFetcher(dir), split);
}

function diskFetcher(dir: string): FetchBytes {
  return async (file) => {
    const path = join(dir, `${file}.gz`);
    let compressed: Buffer;
    try {
      compressed = await readFile(path);
    } catch (e) {
      const hint = (e as NodeJS.ErrnoException).code === 'ENOENT' ? ' (run `npm run prepare-data`)' : '';
      throw new Error(`${path}: cannot read: ${(e as Error).message}${hint}`, { cause: e });
    }
    try {
      return await gunzipAsync(compressed);
    } catch (e) {
      throw new Error(`${path}: not valid gzip: ${(e as Error).message}`, { cause: e });
    }
  };
}
