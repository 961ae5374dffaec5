import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph, initParams, initState, unpackWeights } from '../../src/model/graph.ts';
import { preset } from '../../src/model/presets.ts';
import { encodeModelFile } from '../../src/model/weights-file.ts';
import { parseTrainOptions } from './options.ts';

const dir = mkdtempSync(join(tmpdir(), 'inkling-spec-'));
function specFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const tiny = {
  name: 'tiny',
  layers: [{ kind: 'conv2d', filters: 4, kernel: 3 }, { kind: 'batchnorm', activation: 'relu' }, { kind: 'globalavgpool' }, { kind: 'dense', units: 10 }],
};

describe('npm run train flags', () => {
  it("defaults to the seed recipe (cnn, 1 epoch, batch 64, Adam 1e-3), the app's schedule, no augmentation", () => {
    const { config, runtime, testLimit } = parseTrainOptions([]);
    expect(config).toEqual({
      model: preset('cnn'),
      optimizer: 'adam',
      learningRate: 1e-3,
      batchSize: 64,
      epochs: 1,
      seed: 1,
      schedule: 'anneal',
      augment: false,
    });
    expect(runtime).toBe('chromium');
    expect(testLimit).toBe(10000);
  });

  it('reads every flag', () => {
    const o = parseTrainOptions(
      '--model cnn-deep --epochs 3 --steps 10 --batch 32 --lr 0.002 --optimizer sgd --schedule cosine --augment --rotate 10 --zoom 0.1 --label-smoothing 0.1 --seed 9 --json --runtime node --save out/m --test-limit 500'.split(
        ' ',
      ),
    );
    expect(o.config).toEqual({
      model: preset('cnn-deep'),
      optimizer: 'sgd',
      learningRate: 0.002,
      batchSize: 32,
      epochs: 3,
      seed: 9,
      schedule: 'cosine',
      augment: true,
      rotate: 10,
      zoom: 0.1,
      labelSmoothing: 0.1,
      steps: 10,
    });
    expect(o).toMatchObject({ json: true, runtime: 'node', save: 'out/m', testLimit: 500 });
  });

  it('--backend wasm takes --threads; the GPU engine stays the default', () => {
    expect(parseTrainOptions([])).toMatchObject({ backend: 'webgpu' });
    expect(parseTrainOptions(['--backend', 'wasm', '--threads', '3'])).toMatchObject({ backend: 'wasm', threads: 3 });
    expect(parseTrainOptions(['--backend', 'wasm']).threads).toBeGreaterThanOrEqual(1);
  });

  it('--spec reads any valid spec from a file, names filled in', () => {
    const o = parseTrainOptions(['--spec', specFile('tiny.json', tiny)]);
    expect(o.config.model.name).toBe('tiny');
    expect(o.config.model.layers.map((l) => l.name)).toEqual(['conv1', 'bn1', 'gap1', 'dense1']);
  });

  it.each([
    [['--model', 'resnet'], /unknown model "resnet": choose one of mlp, cnn, cnn-deep, cnn-bn/],
    [['--model', 'cnn', '--spec', 'x.json'], /give --model or --spec, not both/],
    [['--spec', '/nonexistent/spec.json'], /--spec \/nonexistent\/spec.json: cannot read it/],
    [['--schedule', 'step'], /unknown learning-rate schedule "step": choose one of constant, cosine, anneal, onecycle/],
    [['--batch', '0'], /batch size must be a whole number from 1 to 1024, got 0/],
    [['--lr=-1'], /learning rate must be > 0/],
    [['--lr', 'fast'], /--lr must be a number/],
    [['--rotate', 'x'], /--rotate must be a number/],
    [['--rotate', '46'], /rotate must be a number from 0 to 45, got 46/],
    [['--zoom=-0.1'], /zoom must be a number from 0 to 0.5, got -0.1/],
    [['--label-smoothing', '0.6'], /label smoothing must be a number from 0 to 0.5, got 0.6/],
    [['--epochs', '1.5'], /--epochs must be a whole number/],
    [['--steps', '0'], /steps must be a whole number ≥ 1, got 0/],
    [['--runtime', 'deno'], /--runtime must be chromium or node/],
    [['--backend', 'cuda'], /--backend must be webgpu or wasm, got "cuda"/],
    [['--backend', 'wasm', '--threads', '0'], /--threads must be from 1 to 64, got 0/],
    [['--threads', '2'], /--threads is for the CPU engine: add --backend wasm/],
    [['--test-limit', '20000'], /--test-limit must be from 1 to 10000/],
    [['--seed', '5000000000'], /seed must be a whole number from 0 to 4294967295/],
  ])('refuses %j with a message naming the problem', (argv, message) => {
    expect(() => parseTrainOptions(argv)).toThrow(message);
  });

  it.each([
    ['unknown kind', { layers: [{ kind: 'rnn' }] }, /layer 1: unknown kind "rnn"/],
    ['0 units', { layers: [{ kind: 'dense', units: 0 }] }, /layer 1 \(dense1, dense\): units must be a whole number from 1 to 16384, got 0/],
    [
      'a pool leaving a 0×0 map',
      {
        layers: [
          { kind: 'maxpool', size: 2 },
          { kind: 'maxpool', size: 2 },
          { kind: 'maxpool', size: 2 },
          { kind: 'maxpool', size: 4 },
          { kind: 'dense', units: 10 },
        ],
      },
      /layer 4 \(pool4, maxpool\): a 4×4 window does not fit the 3×3 map/,
    ],
    ['bad JSON', '{"layers": [', /--spec .*bad-JSON.json: model spec: not valid JSON/],
  ])('--spec refuses a file with %s, naming the layer and the problem', (what, content, message) => {
    expect(() => parseTrainOptions(['--spec', specFile(`${what.replace(/\W+/g, '-')}.json`, content)])).toThrow(message);
  });

  it('--init trains on from a model file: its network, weights and provenance; with --model it is refused', () => {
    const g = buildGraph(preset('mlp'));
    const weights = unpackWeights(g, { params: initParams(g, 4), state: initState(g) });
    const provenance = {
      command: 'torchrun --nproc_per_node 2 train.py',
      epochs: 0,
      steps: 20,
      batch: 64,
      testAccuracy: 0.9,
      testLoss: 0.3,
      adapter: 'cpu ×2',
    };
    const path = join(dir, 'from-pytorch.safetensors');
    writeFileSync(path, encodeModelFile(weights, { spec: preset('mlp'), provenance }));
    const { config, init } = parseTrainOptions(['--init', path, '--steps', '5']);
    expect(config.model).toEqual(preset('mlp'));
    expect(init?.provenance).toEqual(provenance);
    expect(init?.weights['dense1.weight'].data).toEqual(weights['dense1.weight'].data);
    expect(() => parseTrainOptions(['--init', path, '--model', 'cnn'])).toThrow(/give --init or --model\/--spec, not both/);
    expect(() => parseTrainOptions(['--init', join(dir, 'absent.safetensors')])).toThrow(/--init .*absent\.safetensors: cannot read it/);
  });

  it('the CLI exits with code 2 and the message on a bad spec, before any browser starts', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/train/cli.ts', '--spec', specFile('zero.json', { layers: [{ kind: 'dense', units: 0 }] })],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/layer 1 \(dense1, dense\): units must be a whole number from 1 to 16384, got 0/);
    expect(run.stdout).toBe('');
  });
});
