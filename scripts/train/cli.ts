// `npm run train`: trains a model headless: on the GPU engine in Chromium (default) or Node through
// Dawn, or on the CPU engine in Node alone (--backend wasm). It prints
// progress on stderr and one JSON line on stdout. `--save PATH` writes PATH.safetensors.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ChromiumNotFoundError } from '../../chromium.ts';
import type { NamedTensors } from '../../src/model/graph.ts';
import { encodeModelFile } from '../../src/model/weights-file.ts';
import { recipeOfConfig } from '../../src/export/recipe.ts';
import { appendStage } from '../../src/model/provenance.ts';
import { gitCommit } from '../lib/git-commit.ts';
import { wantsHelp } from '../lib/help.ts';
import { parseTrainOptions, USAGE, type TrainOptions } from './options.ts';
import { printProgress } from './progress.ts';
import type { TrainRequest, TrainSummary, TrainTick } from './run-training.ts';

type Result = { summary: TrainSummary; weights: NamedTensors | null };

async function inChromium(req: TrainRequest, onTick: (t: TrainTick) => void): Promise<Result> {
  const { openBrowserHost } = await import('../lib/browser-host.ts');
  const host = await openBrowserHost();
  try {
    host.page.on('console', (msg) => {
      if (msg.type() === 'error') process.stderr.write(`[page] ${msg.text()}\n`);
    });
    host.page.on('pageerror', (err) => process.stderr.write(`[page error] ${err.message}\n`));
    await host.page.goto(`${host.origin}/scripts/train/index.html`);
    await host.page.exposeFunction('inklingTick', onTick);
    await host.page.waitForFunction(() => typeof window.inklingTrain === 'function');
    const raw = (await host.page.evaluate((r) => window.inklingTrain(r), req)) as {
      summary: TrainSummary;
      weights: Record<string, { shape: number[]; data: string }> | null;
    };
    const weights =
      raw.weights &&
      Object.fromEntries(
        Object.entries(raw.weights).map(([k, w]) => {
          const bytes = Buffer.from(w.data, 'base64');
          return [k, { shape: w.shape, data: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice() }];
        }),
      );
    return { summary: raw.summary, weights };
  } finally {
    await host.close();
  }
}

async function onCpu(req: TrainRequest, threads: number, onTick: (t: TrainTick) => void): Promise<Result> {
  const { trainOnCpu } = await import('./cpu-main.ts');
  return trainOnCpu(req, process.env.INKLING_DATA_DIR, threads, onTick);
}

async function inNode(req: TrainRequest, onTick: (t: TrainTick) => void): Promise<Result> {
  const { trainOnNode } = await import('./node-main.ts');
  return trainOnNode(req, process.env.INKLING_DATA_DIR, onTick);
}

/** WGSL arrives through `?raw` imports, which only a bundler resolves: bundle this CLI, run that. */
async function rerunBundled(): Promise<never> {
  const { bundleForNode } = await import('../lib/bundle-node.ts');
  const { dawnEnv } = await import('../lib/dawn-env.ts');
  const { spawnSync } = await import('node:child_process');
  const out = 'dist/train-node.mjs';
  await bundleForNode('scripts/train/cli.ts', out);
  const run = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: 'inherit', env: dawnEnv() });
  process.exit(run.status ?? 1);
}

async function save(path: string, opts: TrainOptions, result: Result): Promise<void> {
  const file = encodeModelFile(result.weights!, {
    spec: opts.config.model,
    // A model trained on from --init keeps the history it came with (src/model/provenance.ts).
    provenance: appendStage(opts.init?.provenance, {
      command: `npm run train -- ${process.argv.slice(2).join(' ')}`,
      commit: gitCommit(),
      epochs: result.summary.epochs,
      steps: result.summary.steps,
      batch: result.summary.batch,
      testAccuracy: result.summary.test_accuracy,
      testLoss: result.summary.test_loss,
      testImages: opts.testLimit,
      adapter: result.summary.adapter,
      settings: { ...recipeOfConfig(opts.config) },
    }),
  });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.safetensors`, file);
  process.stderr.write(`saved ${path}.safetensors\n`);
}

async function main(): Promise<void> {
  if (wantsHelp(process.argv.slice(2))) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let opts: TrainOptions;
  try {
    opts = parseTrainOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    process.exit(2);
  }
  const onGpuInNode = opts.backend === 'webgpu' && opts.runtime === 'node';
  if (onGpuInNode && process.env.INKLING_BUNDLED !== '1') await rerunBundled();
  const init =
    opts.init &&
    Object.fromEntries(
      Object.entries(opts.init.weights).map(([k, t]) => [
        k,
        { shape: t.shape, data: Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('base64') },
      ]),
    );
  const req: TrainRequest = { config: opts.config, testLimit: opts.testLimit, wantWeights: opts.save !== null, ...(init ? { init } : {}) };
  const onTick = (t: TrainTick) => printProgress(t, opts.config.batchSize);
  const result = opts.backend === 'wasm' ? await onCpu(req, opts.threads, onTick) : onGpuInNode ? await inNode(req, onTick) : await inChromium(req, onTick);
  if (opts.save) await save(opts.save, opts, result);
  const s = result.summary;
  if (opts.json) process.stdout.write(`${JSON.stringify(s)}\n`);
  else {
    process.stdout.write(
      `${s.model} (${s.params.toLocaleString('en')} parameters): ${s.steps} steps of ${s.batch} (${s.epochs.toFixed(2)} epochs) in ${s.seconds.toFixed(1)} s, ${s.samples_per_s.toFixed(0)} samples/s on ${s.adapter}\n` +
        `test accuracy ${(s.test_accuracy * 100).toFixed(2)}%, test loss ${s.test_loss.toFixed(4)}, train loss ${s.train_loss.toFixed(4)}\n`,
    );
  }
}

main().then(
  // Exit at once: Dawn for Node keeps native handles that would otherwise hold the process open.
  () => process.exit(0),
  (e: unknown) => {
    // A missing browser is the user's to fix, and the message says how: no stack.
    const text = e instanceof ChromiumNotFoundError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`train: ${text}\n`);
    process.exit(1);
  },
);
