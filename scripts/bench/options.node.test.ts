import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseArgs, stepsPerRound } from './options.ts';

describe('parseArgs', () => {
  it('defaults to all three engines at batch 64 and 256 in the browser', () => {
    expect(parseArgs([])).toEqual(DEFAULTS);
  });

  it('reads every flag', () => {
    const o = parseArgs(['--batch', '64', '--rounds', '5', '--steps', '4', '--warmup', '0', '--engines', 'inkling,tfjs_webgl', '--json', '--profile', '--kernels', '--eval', '200']);
    expect(o).toMatchObject({ batches: [64], rounds: 5, steps: 4, warmup: 0, engines: ['inkling', 'tfjs_webgl'], json: true, profile: true, kernels: true, evalLimit: 200 });
  });

  it('drops WebGL in Node, and refuses it when asked for', () => {
    expect(parseArgs(['--runtime', 'node']).engines).toEqual(['inkling', 'tfjs_webgpu']);
    expect(() => parseArgs(['--runtime', 'node', '--engines', 'tfjs_webgl'])).toThrow(/no WebGL/);
  });

  it('runs other models with Inkling alone, and refuses TF.js for them', () => {
    expect(parseArgs(['--model', 'cnn-deep', '--profile'])).toMatchObject({ model: 'cnn-deep', engines: ['inkling'], profile: true });
    expect(() => parseArgs(['--model', 'cnn-deep', '--engines', 'inkling,tfjs_webgpu'])).toThrow(/TF.js builds only the seed cnn: drop tfjs_webgpu/);
    expect(() => parseArgs(['--model', 'resnet'])).toThrow(/--model wants one of mlp, cnn, cnn-deep, got "resnet"/);
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
