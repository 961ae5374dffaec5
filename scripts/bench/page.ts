// The benchmark page: TF.js (WebGPU and WebGL backends), jax-js (webgpu and wasm) and Inkling
// (GPU and CPU engines) in one tab, served cross-origin isolated (cli.ts) for the threads of
// jax-js's wasm and of Inkling's CPU engine. It reads its
// settings from ?config=, logs progress to the console and the page, and leaves the result on
// window.__bench for the CLI to collect.
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { loadMnistFromUrl } from '../../src/data/mnist-browser.ts';
import { requestGpu } from '../../src/gpu/device.ts';
import { createContext } from '../../src/gpu/context.ts';
import { DEFAULT_CONFIG, type BenchConfig } from './config.ts';
import { pageCpuThreads } from './cpu-threads.ts';
import type { BenchResult } from './report.ts';
import { runBenchmark } from './run-benchmark.ts';

declare global {
  interface Window {
    __bench?: { result?: BenchResult; error?: string };
  }
}

const logEl = document.getElementById('log');

function log(line: string): void {
  console.log(`[bench] ${line}`);
  if (logEl) logEl.textContent += `${line}\n`;
}

function readConfig(): BenchConfig {
  const raw = new URLSearchParams(location.search).get('config');
  return { ...DEFAULT_CONFIG, ...(raw ? (JSON.parse(raw) as Partial<BenchConfig>) : {}) };
}

async function main(): Promise<void> {
  const config = readConfig();
  log(`cross-origin isolated: ${String(globalThis.crossOriginIsolated)}`);
  const gpu = await requestGpu(navigator.gpu, { onError: (message) => log(`uncaptured WebGPU error: ${message}`) });
  log('loading MNIST');
  const mnist = await loadMnistFromUrl();
  const cpuThreads = config.engines.includes('inkling_wasm') ? await pageCpuThreads(config.threads, log) : undefined;
  try {
    const result = await runBenchmark(config, mnist, createContext(gpu), log, { cpuThreads });
    window.__bench = { result };
  } finally {
    await cpuThreads?.destroy();
  }
  log('done');
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  log(`failed: ${message}`);
  window.__bench = { error: message };
});
