// `npm run bench`: serves the bench page with Vite on 127.0.0.1, opens it in one headless
// Chromium with WebGPU, and prints what it measured. `--runtime node` bundles the Node entry and
// runs it on Dawn instead (SwiftShader here, a real GPU through scripts/gpu/on-gpu.sh).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { servedHeaders } from '../../content-security-policy.ts';
import { openBrowserHost } from '../lib/browser-host.ts';
import { dawnEnv } from '../lib/dawn-env.ts';
import { wantsHelp } from '../lib/help.ts';
import { buildNodeBundle } from './build-node.ts';
import { benchConfig, parseArgs, USAGE, type CliOptions } from './options.ts';
import { NATIVE_ENGINES } from './config.ts';
import { specFlops } from './flops.ts';
import { runPytorchCpu } from './pytorch-cpu.ts';
import { engineFigures, formatTable, jsonLine, summarize, withEngine, type BenchResult } from './report.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The whole run, model compiles included; the default run takes about 4 minutes here. */
const PAGE_TIMEOUT_MS = 30 * 60_000;

async function runInBrowser(o: CliOptions): Promise<BenchResult> {
  const host = await openBrowserHost({
    port: o.port || undefined,
    // Optimise TF.js before the page asks for it, so no mid-run reload can happen.
    optimizeDeps: {
      entries: ['scripts/bench/index.html'],
      include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@jax-js/jax'],
    },
    // The app servers' headers: COOP and COEP make the page cross-origin isolated, which gives it
    // SharedArrayBuffer, and so the worker threads of jax-js's wasm device and of Inkling's CPU
    // engine; everything the page loads is same-origin, so nothing else changes.
    headers: servedHeaders('dev'),
    // Timestamps unquantised for --profile; SwiftShader allowed for the WebGL backend.
    extraArgs: ['--enable-webgpu-developer-features', '--enable-unsafe-swiftshader'],
  });
  try {
    const { page } = host;
    const t0 = performance.now();
    page.on('console', (msg) => {
      const text = msg.text();
      const at = `+${((performance.now() - t0) / 1000).toFixed(0)}s`;
      if (text.startsWith('[bench]')) process.stderr.write(`${text.replace('[bench]', `[bench ${at}]`)}\n`);
      else if (msg.type() === 'error' || msg.type() === 'warning') process.stderr.write(`[page ${msg.type()}] ${text}\n`);
    });
    // The page is one async run: an uncaught error or a crash means no result will come.
    const broken = new Promise<never>((_, fail) => {
      page.on('pageerror', (e) => fail(new Error(`the bench page threw: ${e.message}`)));
      page.on('crash', () => fail(new Error('the bench page crashed')));
    });
    // Once a result is in, a late error has nobody to tell.
    broken.catch(() => undefined);
    const config = encodeURIComponent(JSON.stringify(benchConfig(o)));
    // Only the commit is awaited: loading the page's modules (Vite transforms them on first
    // request) can pass goto's 30 s on a loaded machine, and the wait below covers the whole run.
    await page.goto(`${host.origin}/scripts/bench/index.html?config=${config}`, { waitUntil: 'commit' });
    const handle = await Promise.race([page.waitForFunction(() => window.__bench, null, { timeout: PAGE_TIMEOUT_MS, polling: 500 }), broken]);
    const outcome = (await handle.jsonValue()) as { result?: BenchResult; error?: string };
    if (!outcome.result) throw new Error(`the bench page failed: ${outcome.error ?? 'no result'}`);
    return outcome.result;
  } finally {
    await host.close();
  }
}

/** Builds the bundle and runs it; here Dawn finds SwiftShader's Vulkan in Chromium's folder. */
async function runInNode(argv: readonly string[]): Promise<number> {
  const bundle = await buildNodeBundle();
  const child = spawn(process.execPath, [bundle, ...argv], { cwd: root, env: dawnEnv(), stdio: 'inherit' });
  return new Promise((ok) => child.on('exit', (code) => ok(code ?? 1)));
}

/** The page's engines, or an empty result where every engine asked for runs outside the page. */
async function runPage(o: CliOptions): Promise<BenchResult> {
  if (o.engines.some((e) => !NATIVE_ENGINES.includes(e))) return runInBrowser(o);
  const config = benchConfig(o);
  return summarize([], { model: config.model.name, flopPerSample: specFlops(config.model).training, config });
}

/** Adds native PyTorch on the threads the CPU engine got in the page (those asked for without it), or says why it was skipped. */
async function addPytorchCpu(o: CliOptions, result: BenchResult): Promise<BenchResult> {
  if (!o.engines.includes('pytorch_cpu')) return result;
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const threads = result.inkling_wasm?.threads ?? o.threads;
  const run = await runPytorchCpu(benchConfig(o), threads, o.data ?? resolve(root, 'public/data'), log);
  if ('skipped' in run) {
    log(`pytorch_cpu skipped: ${run.skipped}`);
    return { ...result, skipped: { ...result.skipped, pytorch_cpu: run.skipped } };
  }
  return withEngine(result, 'pytorch_cpu', engineFigures(run, result.flop_per_sample));
}

function save(result: BenchResult): string {
  const dir = resolve(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `bench-${result.config.runtime}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${jsonLine(result)}\n`);
  return file;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options = parseArgs(argv);
  // The Node entry parses the same flags and says the same itself.
  if (options.runtime === 'node') return runInNode(argv);
  for (const note of options.notes) process.stderr.write(`[bench] ${note}\n`);
  const result = await addPytorchCpu(options, await runPage(options));
  process.stderr.write(`[bench] saved ${save(result)}\n`);
  process.stdout.write(`${options.json ? jsonLine(result) : formatTable(result)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
