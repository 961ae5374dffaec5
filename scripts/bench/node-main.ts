// The benchmark in Node through Dawn, for a machine with a real GPU and no browser: Inkling and
// TF.js's WebGPU backend in one process. Bundled by build-node.ts into dist/bench-node.mjs.
import '../lib/node-globals.ts';
import '@tensorflow/tfjs-backend-webgpu';
import { resolve } from 'node:path';
import { loadMnistFromDisk } from '../../src/data/mnist-node.ts';
import { requestGpu } from '../../src/gpu/device.ts';
import { createContext } from '../../src/gpu/context.ts';
import { benchConfig, parseArgs } from './options.ts';
import { formatTable, jsonLine } from './report.ts';
import { runBenchmark } from './run-benchmark.ts';

async function main(): Promise<void> {
  const options = parseArgs(['--runtime', 'node', ...process.argv.slice(2).filter((a, i, all) => a !== '--runtime' && all[i - 1] !== '--runtime')]);
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  for (const note of options.notes) log(note);
  const gpu = await requestGpu(navigator.gpu, { onError: (message) => log(`uncaptured WebGPU error: ${message}`) });
  const dir = resolve(options.data ?? 'public/data');
  log(`loading MNIST from ${dir}`);
  const mnist = await loadMnistFromDisk(`${dir}/`);
  const result = await runBenchmark(benchConfig(options), mnist, createContext(gpu), log);
  process.stdout.write(`${options.json ? jsonLine(result) : formatTable(result)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
