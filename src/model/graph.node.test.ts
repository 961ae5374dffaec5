import { describe, expect, it } from 'vitest';
import { countFlops } from './flops.ts';
import { buildGraph, initParams, initState, MAX_PARAMS, packWeights, unpackWeights } from './graph.ts';
import { LAYER_KIND_NAMES } from './registry.ts';
import { PRESETS, preset } from './presets.ts';
import { parseModelSpec, SpecError } from './spec.ts';
import { PARITY_SPECS } from '../testing/specs.ts';

describe('model graphs from specs', () => {
  it('the cnn is exactly the seed Keras model', () => {
    const g = buildGraph(preset('cnn'));
    expect(g.layers.map((l) => l.output)).toEqual([[32, 26, 26], [32, 13, 13], [128], [10]]);
    // Keras summary: 320 + 692,352 + 1,290 parameters.
    expect(g.paramCount).toBe(320 + 5408 * 128 + 128 + 1290);
  });
  it('mlp and cnn-deep resolve', () => {
    expect(buildGraph(preset('mlp')).paramCount).toBe(784 * 128 + 128 + 1290);
    expect(buildGraph(preset('cnn-deep')).layers.at(-3)!.output).toEqual([64, 7, 7]);
  });
  it('refuses an unknown preset name, naming the choices', () => {
    expect(() => preset('vgg')).toThrow(/unknown model "vgg": choose one of mlp, cnn, cnn-deep, cnn-bn/);
  });
  it('cnn-bn: batch norm declares trainable γ, β and running statistics as state', () => {
    const g = buildGraph(preset('cnn-bn'));
    const bn = g.layers.find((l) => l.spec.kind === 'batchnorm')!;
    expect(bn.params.map((p) => [p.fullName, p.init])).toEqual([
      ['bn1.gamma', 'ones'],
      ['bn1.beta', 'zeros'],
    ]);
    expect(bn.state.map((p) => [p.fullName, p.init])).toEqual([
      ['bn1.running_mean', 'zeros'],
      ['bn1.running_var', 'ones'],
    ]);
    // Convs before batch norm have no bias: their weight is their only parameter.
    expect(g.layers[0].params.map((p) => p.name)).toEqual(['weight']);
    const state = unpackWeights(g, { params: initParams(g, 1), state: initState(g) });
    expect(state['bn2.running_var'].data.every((v) => v === 1)).toBe(true);
    expect(state['bn2.gamma'].data.every((v) => v === 1)).toBe(true);
    // A variance below 0 is refused by the tensor's declared minimum, naming the element.
    const bad = { ...state, 'bn2.running_var': { ...state['bn2.running_var'], data: state['bn2.running_var'].data.map((v, i) => (i === 3 ? -1 : v)) } };
    expect(() => packWeights(g, bad)).toThrow(/"bn2.running_var"\[3\] is -1, below its minimum 0/);
  });
  it('Glorot init is reproducible, within limits, biases zero', () => {
    const g = buildGraph(preset('cnn'));
    const a = initParams(g, 7);
    // Compared as bytes: toEqual walks 700,000 floats one by one, seconds on a busy machine.
    const same = (b: Float32Array) => Buffer.from(b.buffer).equals(Buffer.from(a.buffer));
    expect(same(initParams(g, 7))).toBe(true);
    expect(same(initParams(g, 8))).toBe(false);
    const w = unpackWeights(g, { params: a, state: initState(g) });
    const limit = Math.sqrt(6 / (5408 + 128));
    const largest = w['dense1.weight'].data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(largest).toBeLessThanOrEqual(limit);
    expect(largest).toBeGreaterThan(limit * 0.99);
    expect(w['dense1.bias'].data.every((v) => v === 0)).toBe(true);
  });
  it('weights round-trip by name, and bad sets are refused untouched', () => {
    const g = buildGraph(preset('mlp'));
    const packed = { params: initParams(g, 1), state: initState(g) };
    const named = unpackWeights(g, packed);
    expect(packWeights(g, named)).toEqual(packed);
    const missing = { ...named };
    delete missing['dense2.bias'];
    expect(() => packWeights(g, missing)).toThrow(/"dense2.bias" is missing/);
    expect(() => packWeights(g, { ...named, extra: { shape: [1], data: new Float32Array(1) } })).toThrow(/"extra" is not a tensor of model mlp/);
    expect(() => packWeights(g, { ...named, 'dense2.bias': { shape: [11], data: new Float32Array(11) } })).toThrow(/shape \[11\], expected \[10\]/);
    expect(() => packWeights(g, { ...named, 'dense2.bias': { shape: [10], data: new Float32Array(10).fill(Number.NaN) } })).toThrow(/not a finite number/);
  });

  it('names the layer and the problem when shapes do not work out', () => {
    const cases: [unknown[], RegExp][] = [
      [
        [
          { kind: 'conv2d', filters: 8, kernel: 5 },
          { kind: 'maxpool', size: 2 },
          { kind: 'conv2d', filters: 8, kernel: 5 },
          { kind: 'maxpool', size: 2 },
          { kind: 'maxpool', size: 5 },
          { kind: 'dense', units: 10 },
        ],
        /layer 5 \(pool3, maxpool\): a 5×5 window does not fit the 4×4 map: it would leave a 0×0 map/,
      ],
      [
        [
          { kind: 'dense', units: 10 },
          { kind: 'conv2d', filters: 2 },
        ],
        /layer 2 \(conv1, conv2d\): conv2d needs a \[channels, height, width\] input, got \[10\]/,
      ],
      [
        [
          { kind: 'conv2d', filters: 2, kernel: 30 },
          { kind: 'dense', units: 10 },
        ],
        /layer 1 \(conv1, conv2d\): kernel 30 is larger than the 28×28 input/,
      ],
      [[{ kind: 'globalavgpool' }], /layer 1 \(gap1, globalavgpool\): the network ends with 1 outputs, but it must give one per class \(10\)/],
      [
        [
          { kind: 'dense', units: 16384 },
          { kind: 'dense', units: 16384 },
          { kind: 'dense', units: 10 },
        ],
        /parameters; at most/,
      ],
    ];
    for (const [layers, message] of cases) {
      const spec = parseModelSpec({ layers });
      expect(() => buildGraph(spec), String(message)).toThrow(message);
      expect(() => buildGraph(spec)).toThrow(SpecError);
    }
    expect(MAX_PARAMS).toBeGreaterThan(buildGraph(preset('cnn-deep')).paramCount);
  });
  it('every preset builds, and every layer kind appears in a preset or the parity spec', () => {
    for (const p of PRESETS) expect(() => buildGraph(p.spec), p.spec.name).not.toThrow();
    // A kind no preset and no parity spec uses is never trained end to end on the GPU.
    const used = new Set([...PRESETS.map((p) => p.spec), ...PARITY_SPECS].flatMap((s) => s.layers.map((l) => l.kind)));
    expect([...used].sort(), 'the kinds the presets and the parity specs use').toEqual([...LAYER_KIND_NAMES].sort());
  });
  it('FLOPs come from the kinds: the seed cnn as the benchmark has always counted it', () => {
    const f = countFlops(buildGraph(preset('cnn')));
    const conv = 2 * 26 * 26 * 32 * 9;
    const dense1 = 2 * 5408 * 128;
    const dense2 = 2 * 128 * 10;
    expect(f.forward).toBe(conv + dense1 + dense2);
    // The first layer passes no gradient to the image.
    expect(f.backward).toBe(conv + 2 * dense1 + 2 * dense2);
    expect(f.training).toBe(f.forward + f.backward);
  });
});
