import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preset } from '../../src/model/presets.ts';
import { stepsPerRound } from './config.ts';
import { benchConfig, DEFAULTS, parseArgs } from './options.ts';

function specFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-spec-')), 'model.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('parseArgs', () => {
  it('defaults to every engine at batch 64 and 256 in the browser, the CPU engines on every core', () => {
    expect(parseArgs([])).toEqual(DEFAULTS);
    expect(DEFAULTS.engines).toEqual(['inkling', 'inkling_wasm', 'tfjs_webgpu', 'tfjs_webgl', 'jaxjs_webgpu', 'jaxjs_wasm', 'pytorch_cpu']);
    expect(DEFAULTS.threads).toBe(availableParallelism());
    expect(benchConfig(DEFAULTS).threads).toBe(availableParallelism());
  });

  it('takes the CPU engines and their thread count', () => {
    expect(parseArgs(['--engines', 'inkling-wasm,pytorch_cpu', '--threads', '3'])).toMatchObject({ engines: ['inkling_wasm', 'pytorch_cpu'], threads: 3 });
    expect(() => parseArgs(['--threads', '0'])).toThrow(/--threads wants an integer ≥ 1, got "0"/);
    expect(() => parseArgs(['--threads', '65'])).toThrow(/--threads wants at most 64, got 65/);
  });

  it('takes the jax-js devices by their JSON names or with a hyphen', () => {
    expect(parseArgs(['--engines', 'inkling,jaxjs-webgpu,jaxjs_wasm']).engines).toEqual(['inkling', 'jaxjs_webgpu', 'jaxjs_wasm']);
    expect(parseArgs(['--engines', 'tfjs-webgl']).engines).toEqual(['tfjs_webgl']);
    expect(() => parseArgs(['--engines', 'jaxjs_webgl'])).toThrow(/--engines wants .*jaxjs_webgpu, jaxjs_wasm, pytorch_cpu, got "jaxjs_webgl"/);
  });

  it('reads every flag', () => {
    const o = parseArgs([
      '--batch',
      '64',
      '--rounds',
      '5',
      '--steps',
      '4',
      '--warmup',
      '0',
      '--engines',
      'inkling,tfjs_webgl',
      '--json',
      '--profile',
      '--kernels',
      '--eval',
      '200',
    ]);
    expect(o).toMatchObject({
      batches: [64],
      rounds: 5,
      steps: 4,
      warmup: 0,
      engines: ['inkling', 'tfjs_webgl'],
      json: true,
      profile: true,
      kernels: true,
      evalLimit: 200,
    });
  });

  it('drops WebGL and jax-js in Node, and refuses them when asked for', () => {
    expect(parseArgs(['--runtime', 'node']).engines).toEqual(['inkling', 'tfjs_webgpu']);
    expect(() => parseArgs(['--runtime', 'node', '--engines', 'tfjs_webgl'])).toThrow(/no WebGL/);
    expect(() => parseArgs(['--runtime', 'node', '--engines', 'inkling,jaxjs-wasm'])).toThrow(/jax-js in no page: drop jaxjs_wasm/);
    expect(() => parseArgs(['--runtime', 'node', '--engines', 'inkling,inkling_wasm,pytorch_cpu'])).toThrow(/drop inkling_wasm, pytorch_cpu from --engines/);
  });

  it('takes any preset, and runs each with the peers that build it: TF.js and PyTorch the cnn and rnn, jax-js the cnn', () => {
    expect(parseArgs(['--model', 'cnn-bn', '--profile'])).toMatchObject({ model: preset('cnn-bn'), engines: ['inkling', 'inkling_wasm'], profile: true });
    expect(parseArgs(['--model', 'cnn-bn']).notes).toEqual([
      'TF.js and PyTorch build the cnn and rnn presets, jax-js the seed cnn alone: model cnn-bn runs on inkling, inkling_wasm',
    ]);
    expect(parseArgs(['--model', 'cnn'])).toMatchObject({ engines: DEFAULTS.engines, notes: [] });
    const rnn = parseArgs(['--model', 'rnn']);
    expect(rnn.engines).toEqual(['inkling', 'inkling_wasm', 'tfjs_webgpu', 'tfjs_webgl', 'pytorch_cpu']);
    expect(rnn.notes).toEqual([
      'TF.js and PyTorch build the cnn and rnn presets, jax-js the seed cnn alone: model rnn runs on inkling, inkling_wasm, tfjs_webgpu, tfjs_webgl, pytorch_cpu',
    ]);
    expect(parseArgs(['--model', 'rnn', '--runtime', 'node']).engines).toEqual(['inkling', 'tfjs_webgpu']);
    expect(parseArgs(['--model', 'rnn', '--engines', 'tfjs-webgl']).engines).toEqual(['tfjs_webgl']);
    expect(() => parseArgs(['--model', 'cnn-deep', '--engines', 'inkling,tfjs_webgpu'])).toThrow(
      /TF.js and PyTorch build the cnn and rnn presets.*: drop tfjs_webgpu from --engines for model cnn-deep/,
    );
    expect(() => parseArgs(['--model', 'rnn', '--engines', 'inkling,jaxjs-webgpu'])).toThrow(
      /jax-js the seed cnn alone: drop jaxjs_webgpu from --engines for model rnn/,
    );
    expect(() => parseArgs(['--model', 'resnet'])).toThrow(/unknown model "resnet": choose one of mlp, cnn, cnn-deep, cnn-bn/);
  });

  it("reads a spec file; one with the seed cnn's layers keeps the TF.js engines", () => {
    const tiny = specFile({
      name: 'tiny',
      layers: [
        { kind: 'avgpool', size: 2 },
        { kind: 'dense', units: 10 },
      ],
    });
    expect(parseArgs(['--spec', tiny])).toMatchObject({
      model: {
        name: 'tiny',
        layers: [
          { kind: 'avgpool', name: 'avgpool1' },
          { kind: 'dense', name: 'dense1' },
        ],
      },
      engines: ['inkling', 'inkling_wasm'],
    });
    const cnn = specFile({ name: 'my-cnn', layers: preset('cnn').layers });
    expect(parseArgs(['--spec', cnn]).engines).toEqual(DEFAULTS.engines);
  });

  it('names the spec file at fault', () => {
    const tiny = specFile({ layers: [{ kind: 'dense', units: 10 }] });
    expect(() => parseArgs(['--model', 'cnn', '--spec', tiny])).toThrow(/give --model or --spec, not both/);
    expect(() => parseArgs(['--spec', '/nonexistent/model.json'])).toThrow(/--spec \/nonexistent\/model.json: cannot read it/);
    expect(() => parseArgs(['--spec', specFile('{"layers": [')])).toThrow(/--spec .*model.json: model spec: not valid JSON/);
    const short = specFile({ layers: [{ kind: 'dense', units: 7 }] });
    expect(() => parseArgs(['--spec', short])).toThrow(/--spec .*model.json: layer 1 \(dense1, dense\): the network ends with 7 outputs/);
  });

  it('names the bad flag and value', () => {
    expect(() => parseArgs(['--rounds', '0'])).toThrow(/--rounds wants an integer ≥ 1, got "0"/);
    expect(() => parseArgs(['--batch', '64,x'])).toThrow(/--batch.*"x"/);
    expect(() => parseArgs(['--engines', 'pytorch'])).toThrow(/--engines/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option "--fast"/);
  });
});

describe('stepsPerRound', () => {
  it('aims at about 128 samples per round on SwiftShader and 25,600 on a GPU, unless told', () => {
    expect(stepsPerRound({ steps: 0 }, 64, true)).toBe(2);
    expect(stepsPerRound({ steps: 0 }, 256, true)).toBe(1);
    expect(stepsPerRound({ steps: 0 }, 64, false)).toBe(400);
    expect(stepsPerRound({ steps: 3 }, 256, false)).toBe(3);
  });
});
