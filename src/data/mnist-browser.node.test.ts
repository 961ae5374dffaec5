// The browser loader against a real HTTP server in Node (fetch, Response and DecompressionStream
// are the same web APIs there), serving the real assets the ways servers do: as plain .gz files,
// with Content-Encoding: gzip (as Vite's dev server does), without a length, or not at all.
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadProgress } from './mnist.ts';
import { loadMnistSplitFromUrl } from './mnist-browser.ts';
import { DEFAULT_DATA_DIR } from './mnist-node.ts';

const COMPRESSED = 1598236 + 4210;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const [, mode, file] = /^\/(\w+)\/([\w-]+\.gz)$/.exec(req.url ?? '') ?? [];
    let body: Buffer;
    try {
      body = readFileSync(`${DEFAULT_DATA_DIR}/${file}`);
    } catch {
      res.writeHead(404, 'Not Found').end();
      return;
    }
    if (mode === 'raw') res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length }).end(body);
    else if (mode === 'encoded') res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': body.length }).end(body);
    else if (mode === 'chunked') {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      for (let at = 0; at < body.length; at += 100_000) res.write(body.subarray(at, at + 100_000));
      res.end();
    } else if (mode === 'html') res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>');
    else if (mode === 'corrupt') res.writeHead(200, { 'content-type': 'application/gzip' }).end(Buffer.concat([body.subarray(0, 20), Buffer.alloc(100, 7)]));
    else if (mode === 'slowcorrupt') {
      // The labels arrive broken at once; the images trickle in for a second or so.
      if (file.includes('labels')) res.writeHead(200, { 'content-type': 'application/gzip' }).end(Buffer.concat([body.subarray(0, 20), Buffer.alloc(100, 7)]));
      else trickle(res, body);
    } else res.writeHead(404, 'Not Found').end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

function trickle(res: ServerResponse, body: Buffer, at = 0): void {
  if (at === 0) res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length });
  if (res.destroyed) return;
  if (at >= body.length) return void res.end();
  res.write(body.subarray(at, at + 20_000));
  setTimeout(() => trickle(res, body, at + 20_000), 15);
}

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('loadMnistSplitFromUrl, however the server sends the .gz', () => {
  it.each(['raw', 'encoded', 'chunked'])('%s: loads the test set; progress rises to the compressed size', async (mode) => {
    const progress: LoadProgress[] = [];
    const test = await loadMnistSplitFromUrl(`${base}/${mode}/`, 'test', (p) => progress.push({ ...p }));
    expect(test).toMatchObject({ count: 10000, rows: 28, cols: 28 });
    expect(Array.from(test.labels.subarray(0, 3))).toEqual([7, 2, 1]);
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ loaded: COMPRESSED, total: COMPRESSED });
    expect(progress.length).toBeGreaterThan(2);
    for (let i = 1; i < progress.length; i++) expect(progress[i].loaded).toBeGreaterThan(progress[i - 1].loaded);
    for (const p of progress) expect(p.loaded).toBeLessThanOrEqual(p.total);
    if (mode !== 'chunked') expect(progress.every((p) => p.total === COMPRESSED)).toBe(true);
  });
});

describe('loadMnistSplitFromUrl errors name the URL and the problem', () => {
  it.each([
    ['missing', /\/missing\/t10k-(images|labels)-idx[13]-ubyte\.gz: HTTP 404 Not Found/],
    ['html', /\/html\/t10k-(images|labels)-idx[13]-ubyte\.gz: got an HTML page instead of gzipped MNIST data/],
    ['corrupt', /\/corrupt\/t10k-(images|labels)-idx[13]-ubyte\.gz: not valid gzip: /],
  ])('%s', async (mode, message) => {
    await expect(loadMnistSplitFromUrl(`${base}/${mode}/`, 'test')).rejects.toThrow(message);
  });

  it('the first failure ends the load: the other downloads stop, and report no more progress', async () => {
    const progress: LoadProgress[] = [];
    await expect(loadMnistSplitFromUrl(`${base}/slowcorrupt/`, 'test', (p) => progress.push({ ...p }))).rejects.toThrow(
      /\/slowcorrupt\/t10k-labels-idx1-ubyte\.gz: not valid gzip: /,
    );
    const atFailure = progress.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(progress.length).toBe(atFailure);
  });

  it('an unreachable server', async () => {
    await expect(loadMnistSplitFromUrl('http://127.0.0.1:9/', 'test')).rejects.toThrow(/^http:\/\/127\.0\.0\.1:9\/t10k-\S+\.gz: request failed: /);
  });
});
