// MNIST from the app's static assets (public/data/*.gz), for a page or a Worker: fetch and
// DecompressionStream only, no DOM. Progress counts compressed bytes over the network.
import { idxDeclaredLength } from './idx.ts';
import { MNIST_FILES, loadMnistSplit, type FetchBytes, type LoadProgress, type Mnist, type MnistSet, type MnistSplit } from './mnist.ts';

export const DEFAULT_DATA_URL = `${import.meta.env.BASE_URL}data/`;

type OnProgress = (p: LoadProgress) => void;

export async function loadMnistFromUrl(baseUrl = DEFAULT_DATA_URL, onProgress?: OnProgress): Promise<Mnist> {
  const fetchBytes = await openFiles(baseUrl, ['train', 'test'], onProgress);
  const [train, test] = await Promise.all([loadMnistSplit(fetchBytes, 'train'), loadMnistSplit(fetchBytes, 'test')]);
  return { train, test };
}

/** One split only: the 10,000-image test set arrives in a fraction of the time of both. */
export async function loadMnistSplitFromUrl(baseUrl: string, split: MnistSplit, onProgress?: OnProgress): Promise<MnistSet> {
  return loadMnistSplit(await openFiles(baseUrl, [split], onProgress), split);
}

/**
 * Requests every file of the splits at once and waits for their headers, so that progress has
 * its total (the sum of Content-Length) from the first byte. Where a server sends no length,
 * that file's bytes are added to the total as they arrive. The first file that fails stops the
 * others and their progress: a failed load is over, and its error is the one that names why.
 */
async function openFiles(baseUrl: string, splits: MnistSplit[], onProgress?: OnProgress): Promise<FetchBytes> {
  const files = splits.flatMap((s) => [MNIST_FILES[s].images, MNIST_FILES[s].labels]);
  const abort = new AbortController();
  const opened = await Promise.allSettled(files.map((file) => request(`${baseUrl}${file}.gz`, abort.signal)));
  const failed = opened.find((r) => r.status === 'rejected');
  if (failed) {
    abort.abort();
    throw failed.reason;
  }
  const responses = new Map(files.map((file, i) => [file, (opened[i] as PromiseFulfilledResult<Opened>).value]));
  let total = 0;
  for (const { length } of responses.values()) total += length ?? 0;
  let loaded = 0;

  return async (file) => {
    const opened = responses.get(file);
    if (!opened) throw new Error(`${file}: not one of the files requested from ${baseUrl}`);
    try {
      const body = await readBody(opened, (advance) => {
        if (abort.signal.aborted) return;
        loaded += advance;
        if (opened.length === undefined) total += advance;
        onProgress?.({ loaded, total, file });
      });
      return await gunzip(body, opened);
    } catch (e) {
      abort.abort();
      throw e;
    }
  };
}

interface Opened {
  url: string;
  response: Response;
  /** Content-Length: the size of the .gz as sent. */
  length?: number;
  /**
   * Sent with Content-Encoding: gzip (as Vite's dev server does for .gz files), so the body
   * arrives decompressed and its byte count is not comparable with `length`.
   */
  decoded: boolean;
}

async function request(url: string, signal: AbortSignal): Promise<Opened> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    throw new Error(`${url}: request failed: ${(e as Error).message}`, { cause: e });
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`.trimEnd());
  if (response.headers.get('content-type')?.includes('text/html')) {
    void response.body?.cancel();
    throw htmlInsteadOfData(url);
  }
  const header = response.headers.get('content-length');
  const length = header === null ? NaN : Number(header);
  const decoded = /gzip/i.test(response.headers.get('content-encoding') ?? '');
  return { url, response, length: Number.isFinite(length) ? length : undefined, decoded };
}

/**
 * Reads the whole body, reporting progress in compressed bytes: as counted when the body is the
 * .gz itself, else estimated as Content-Length × the fraction of the decompressed size (which
 * the IDX header declares) that has arrived.
 */
async function readBody(opened: Opened, onAdvance: (compressedBytes: number) => void): Promise<Uint8Array<ArrayBuffer>> {
  const { url, response, length, decoded } = opened;
  if (!response.body) throw new Error(`${url}: response has no body`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let declared: number | undefined;
  let reported = 0;
  const report = (done: number) => {
    if (done > reported) onAdvance(done - reported);
    reported = Math.max(reported, done);
  };
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      if (!decoded || length === undefined) {
        report(size);
      } else {
        declared ??= idxDeclaredLength(concat(chunks, Math.min(size, 64)));
        if (declared) report(Math.min(length - 1, Math.floor((length * size) / declared)));
      }
    }
  } catch (e) {
    throw new Error(`${url}: download failed after ${size} bytes: ${(e as Error).message}`, { cause: e });
  }
  if (decoded && length !== undefined) report(length);
  return concat(chunks, size);
}

/** The first `size` bytes of the chunks, in one buffer. */
function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    if (at >= size) break;
    const part = c.subarray(0, size - at);
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

async function gunzip(bytes: Uint8Array<ArrayBuffer>, { url, response }: Opened): Promise<Uint8Array> {
  const isGzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!isGzip) {
    // A dev server answers a missing asset with its index page rather than a 404.
    if (response.headers.get('content-type')?.includes('text/html') || bytes[0] === 0x3c /* < */) throw htmlInsteadOfData(url);
    // Served with Content-Encoding: gzip, so fetch already decoded it; the IDX parse checks it.
    return bytes;
  }
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new Error(`${url}: not valid gzip: ${(e as Error).message}`, { cause: e });
  }
}

/** A server that answers every unknown path with the app (an SPA fallback) sends its index.html for a missing file. */
function htmlInsteadOfData(url: string): Error {
  return new Error(
    `${url}: got an HTML page instead of gzipped MNIST data: the server most likely answered a missing file with its fallback page (npm run prepare-data makes the files)`,
  );
}
