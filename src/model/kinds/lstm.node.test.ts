import { describe, expect, it } from 'vitest';
import { countFlops } from '../flops.ts';
import { buildGraph, initParams, initState, unpackWeights } from '../graph.ts';
import { preset, PRESETS } from '../presets.ts';
import { parseModelSpec } from '../spec.ts';

const model = (layers: unknown[]) => buildGraph(parseModelSpec({ name: 'seq', layers }));

describe('the lstm kind', () => {
  it('parses with returnSequences false by default and names layers lstm1, lstm2, …', () => {
    const spec = parseModelSpec({
      layers: [
        { kind: 'lstm', units: 8, returnSequences: true },
        { kind: 'lstm', units: 4 },
        { kind: 'dense', units: 10 },
      ],
    });
    expect(spec.layers.slice(0, 2)).toEqual([
      { kind: 'lstm', name: 'lstm1', units: 8, returnSequences: true },
      { kind: 'lstm', name: 'lstm2', units: 4, returnSequences: false },
    ]);
  });

  it('reads the image as 28 steps of 28 pixels; a stacked lstm reads the sequence', () => {
    const g = model([
      { kind: 'lstm', units: 16, returnSequences: true },
      { kind: 'lstm', units: 12 },
      { kind: 'dense', units: 10 },
    ]);
    expect(g.layers.map((l) => l.output)).toEqual([[28, 16], [12], [10]]);
    expect(g.layers[0].params.map((p) => [p.fullName, p.shape, p.init])).toEqual([
      ['lstm1.weight', [28, 64], 'glorot-uniform'],
      ['lstm1.recurrent_weight', [16, 64], 'glorot-uniform'],
      ['lstm1.bias', [64], 'unit-forget-bias'],
    ]);
    expect(g.layers[1].params.map((p) => p.shape)).toEqual([[16, 48], [12, 48], [48]]);
  });

  it.each([
    [
      [
        { kind: 'dense', units: 32 },
        { kind: 'lstm', units: 8 },
      ],
      /layer 2 \(lstm1, lstm\): lstm reads .* got \[32\] \(put it first, or after an lstm with returnSequences\)/,
    ],
    [
      [
        { kind: 'conv2d', filters: 4, kernel: 3 },
        { kind: 'lstm', units: 8 },
      ],
      /layer 2 \(lstm1, lstm\): lstm reads a one-channel image .* got \[4, 26, 26\] \(4 channels\)/,
    ],
    [
      [
        { kind: 'lstm', units: 8 },
        { kind: 'lstm', units: 8 },
      ],
      /layer 2 \(lstm2, lstm\): .* got \[8\]/,
    ],
    [[{ kind: 'lstm', units: 0 }], /layer 1 \(lstm1, lstm\): units must be a whole number from 1 to 1024, got 0/],
    [[{ kind: 'lstm', units: 8, returnSequences: 1 }], /returnSequences must be true or false, got 1/],
  ])('refuses %j, naming the problem', (layers, message) => {
    expect(() => model([...layers, { kind: 'dense', units: 10 }])).toThrow(message);
  });

  it('a one-channel map from a conv is read row by row too; a sequence flattens into a dense layer', () => {
    const g = model([
      { kind: 'conv2d', filters: 1, kernel: 3 },
      { kind: 'lstm', units: 5, returnSequences: true },
      { kind: 'dense', units: 10 },
    ]);
    expect(g.layers[1].output).toEqual([26, 5]);
    expect(g.layers[1].params[0].shape).toEqual([26, 20]);
    expect(g.layers[2].params[0].shape).toEqual([130, 10]);
  });

  it('the rnn preset: LSTM(128) → Dense(10), Keras’ parameter count', () => {
    const g = buildGraph(preset('rnn'));
    expect(PRESETS.at(-1)!.spec.name).toBe('rnn');
    // Keras: 4·(28·128 + 128·128 + 128) = 80,384 for the LSTM, then 1,290.
    expect(g.paramCount).toBe(80384 + 1290);
  });

  it('starts the forget gate’s bias at 1 and the others at 0, deterministically', () => {
    const g = buildGraph(preset('rnn'));
    const w = unpackWeights(g, { params: initParams(g, 3), state: initState(g) });
    const bias = Array.from(w['lstm1.bias'].data);
    expect(bias).toEqual([...new Array<number>(128).fill(0), ...new Array<number>(128).fill(1), ...new Array<number>(256).fill(0)]);
    expect(initParams(g, 3)).toEqual(initParams(g, 3));
    const limit = Math.sqrt(6 / (128 + 512));
    const largest = w['lstm1.recurrent_weight'].data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(largest).toBeLessThanOrEqual(limit);
    expect(largest).toBeGreaterThan(limit * 0.99);
  });

  it('counts FLOPs by hand: the GEMMs, the recurrence and the gate math', () => {
    const g = buildGraph(preset('rnn'));
    const [T, F, H] = [28, 28, 128];
    const input = T * F * 4 * H;
    const recurrent = T * H * 4 * H;
    expect(g.layers[0].flops).toEqual({
      forward: 2 * input + 2 * recurrent + 24 * T * H,
      weightGrad: 2 * recurrent + 20 * T * H + 2 * input + 2 * recurrent + T * 4 * H,
      inputGrad: 2 * input,
    });
    // The first layer computes no input gradient.
    const flops = countFlops(g);
    expect(flops.layers[0].backward).toBe(g.layers[0].flops.weightGrad);
    expect(flops.forward).toBe(g.layers[0].flops.forward + 2 * 128 * 10);
  });
});
