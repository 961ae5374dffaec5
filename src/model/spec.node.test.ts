import { describe, expect, it } from 'vitest';
import { PRESETS } from './presets.ts';
import { parseModelSpec, parseModelSpecText, SpecError } from './spec.ts';

// The form the issue promises users: every field shown, `name` absent on layers.
const PUBLIC_EXAMPLE = `{"name":"my-net","input":[1,28,28],"classes":10,"layers":[
  {"kind":"conv2d","filters":16,"kernel":3,"stride":1,"padding":"same","activation":"none"},
  {"kind":"batchnorm","activation":"relu"},
  {"kind":"maxpool","size":2,"stride":2},
  {"kind":"dropout","rate":0.25},
  {"kind":"dense","units":64,"activation":"relu"},
  {"kind":"dense","units":10,"activation":"none"}]}`;

describe('model spec JSON', () => {
  it('reads the public form, names unnamed layers and fills defaults', () => {
    const spec = parseModelSpecText(PUBLIC_EXAMPLE);
    expect(spec.name).toBe('my-net');
    expect(spec.layers.map((l) => l.name)).toEqual(['conv1', 'bn1', 'pool1', 'dropout1', 'dense1', 'dense2']);
    expect(spec.layers[0]).toEqual({ kind: 'conv2d', name: 'conv1', filters: 16, kernel: 3, stride: 1, padding: 'same', activation: 'none', bias: true });
    expect(spec.layers[1]).toEqual({ kind: 'batchnorm', name: 'bn1', activation: 'relu', momentum: 0.99, epsilon: 1e-3 });
  });
  it('takes avgpool and globalavgpool; a pool stride defaults to its size', () => {
    const spec = parseModelSpec({
      layers: [{ kind: 'conv2d', filters: 4 }, { kind: 'avgpool', size: 3 }, { kind: 'globalavgpool' }, { kind: 'dense', units: 10 }],
    });
    expect(spec.layers[1]).toEqual({ kind: 'avgpool', name: 'avgpool1', size: 3, stride: 3 });
    expect(spec.layers[2]).toEqual({ kind: 'globalavgpool', name: 'gap1' });
    expect(spec.name).toBe('custom');
  });
  it('parsing is idempotent: a parsed spec (or its JSON) parses to itself', () => {
    for (const { spec } of PRESETS) {
      expect(parseModelSpec(spec)).toEqual(spec);
      expect(parseModelSpecText(JSON.stringify(spec))).toEqual(spec);
    }
  });
  it('generated names skip names the spec already uses', () => {
    const spec = parseModelSpec({
      layers: [
        { kind: 'dense', units: 20 },
        { kind: 'dense', units: 10, name: 'dense1' },
      ],
    });
    expect(spec.layers.map((l) => l.name)).toEqual(['dense2', 'dense1']);
  });
  it.each([
    ['not JSON', '{"layers": [', /model spec: not valid JSON/],
    ['an array', '[]', /model spec: must be a JSON object/],
    ['no layers', '{"name":"x"}', /layers must be a non-empty list/],
    [
      'an unknown kind',
      '{"layers":[{"kind":"lstm2"}]}',
      /layer 1: unknown kind "lstm2"; the kinds are conv2d, maxpool, avgpool, globalavgpool, dense, dropout, batchnorm/,
    ],
    ['0 units', '{"layers":[{"kind":"dense","units":0}]}', /layer 1 \(dense1, dense\): units must be a whole number from 1 to 16384, got 0/],
    ['0 filters', '{"layers":[{"kind":"conv2d","filters":0}]}', /layer 1 \(conv1, conv2d\): filters must be a whole number from 1 to 1024, got 0/],
    ['a missing field', '{"layers":[{"kind":"dense"}]}', /layer 1 \(dense1, dense\): units is missing/],
    [
      'a typo',
      '{"layers":[{"kind":"conv2d","filter":8}]}',
      /layer 1 \(conv1, conv2d\): unknown field "filter"; conv2d takes filters, kernel, stride, padding, activation, bias/,
    ],
    ['a bad activation', '{"layers":[{"kind":"dense","units":10,"activation":"gelu"}]}', /activation must be one of none, relu, tanh, sigmoid, got "gelu"/],
    ['a dropout rate of 1', '{"layers":[{"kind":"dropout","rate":1}]}', /rate must be a number from 0 to 0.9, got 1/],
    ['a bad padding', '{"layers":[{"kind":"conv2d","filters":2,"padding":"full"}]}', /padding must be one of valid, same, got "full"/],
    ['a duplicate name', '{"layers":[{"kind":"dense","units":10,"name":"a"},{"kind":"dense","units":10,"name":"a"}]}', /layer 2: the name "a" is used twice/],
    ['a bad name', '{"layers":[{"kind":"dense","units":10,"name":"a.b"}]}', /name must be letters, digits, _ or -/],
    ['another input', '{"input":[3,32,32],"layers":[{"kind":"dense","units":10}]}', /input must be \[1, 28, 28\]/],
    ['other classes', '{"classes":100,"layers":[{"kind":"dense","units":10}]}', /classes must be 10/],
    ['an unknown top-level field', '{"layers":[{"kind":"dense","units":10}],"optimizer":"adam"}', /unknown field "optimizer"/],
  ])('refuses %s with a message naming it', (_what, text, message) => {
    expect(() => parseModelSpecText(text)).toThrow(message);
    expect(() => parseModelSpecText(text)).toThrow(SpecError);
  });
  it('a layer error says which layer, by index', () => {
    try {
      parseModelSpec({
        layers: [
          { kind: 'dense', units: 10 },
          { kind: 'dense', units: -1 },
        ],
      });
      expect.unreachable();
    } catch (e) {
      expect((e as SpecError).layer).toBe(1);
    }
  });
});
