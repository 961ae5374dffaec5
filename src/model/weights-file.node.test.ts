import { describe, expect, it } from 'vitest';
import { buildGraph, initParams, initState, unpackWeights } from './graph.ts';
import { preset } from './presets.ts';
import { parseModelSpec } from './spec.ts';
import { decodeWeights, encodeWeights, modelLabel, type WeightsManifest } from './weights-file.ts';

const provenance = { command: 'test', epochs: 0.5, steps: 10, batch: 8, testAccuracy: 0.5, testLoss: 1, adapter: 'none' };

function file(specJson: unknown) {
  const spec = parseModelSpec(specJson);
  const g = buildGraph(spec);
  const weights = unpackWeights(g, { params: initParams(g, 1), state: initState(g) });
  const { manifest, blob } = encodeWeights(weights, { spec, provenance });
  return { spec, weights, manifest: JSON.parse(JSON.stringify(manifest)) as WeightsManifest, blob };
}

const custom = {
  name: 'mine',
  layers: [
    { kind: 'conv2d', filters: 3, kernel: 5, bias: false },
    { kind: 'batchnorm', activation: 'relu' },
    { kind: 'globalavgpool' },
    { kind: 'dense', units: 10 },
  ],
};

describe('model files carry their spec', () => {
  it('round-trips a custom network: the spec, its weights and its running statistics', () => {
    const f = file(custom);
    const decoded = decodeWeights(f.manifest, f.blob.buffer);
    expect(decoded.manifest.spec).toEqual(f.spec);
    expect(Object.keys(decoded.weights).sort()).toEqual([
      'bn1.beta',
      'bn1.gamma',
      'bn1.running_mean',
      'bn1.running_var',
      'conv1.weight',
      'dense1.bias',
      'dense1.weight',
    ]);
    expect(decoded.weights['conv1.weight'].data).toEqual(f.weights['conv1.weight'].data);
    expect(modelLabel(decoded.manifest)).toBe('mine · 50.0% test accuracy');
  });
  it('reads a format 1 file by its preset name', () => {
    const f = file(preset('cnn'));
    const v1 = { format: 'inkling-weights/1', model: 'cnn', provenance, tensors: f.manifest.tensors };
    expect(decodeWeights(v1, f.blob.buffer).manifest.spec).toEqual(preset('cnn'));
  });
  it('refuses a file whose tensors do not match its spec, naming the tensor', () => {
    const f = file(custom);
    const other = { ...f.manifest, spec: { ...custom, layers: custom.layers.map((l) => (l.kind === 'conv2d' ? { ...l, filters: 4 } : l)) } };
    expect(() => decodeWeights(other, f.blob.buffer)).toThrow(/"conv1.weight" has shape \[3, 1, 5, 5\], expected \[4, 1, 5, 5\]/);
    const missing = { ...f.manifest, tensors: f.manifest.tensors.filter((t) => t.name !== 'bn1.running_var') };
    expect(() => decodeWeights(missing, f.blob.buffer)).toThrow(/the data holds \d+ values but the tensors use \d+/);
  });
  it.each([
    ['not an object', 'x', /the manifest is not a JSON object/],
    ['another format', { format: 'keras' }, /not an Inkling model manifest/],
    [
      'a bad spec',
      { format: 'inkling-weights/2', spec: { layers: [{ kind: 'dense', units: 0 }] } },
      /its spec is not valid: layer 1 \(dense1, dense\): units must be/,
    ],
  ])('refuses %s', (_what, manifest, message) => {
    expect(() => decodeWeights(manifest, new ArrayBuffer(4))).toThrow(message);
  });
  it('refuses duplicate entries and trailing bytes', () => {
    const f = file(custom);
    const dup = { ...f.manifest, tensors: [...f.manifest.tensors, f.manifest.tensors[0]] };
    expect(() => decodeWeights(dup, f.blob.buffer)).toThrow(/"conv1.weight" is listed twice/);
    const longer = new Float32Array(f.blob.length + 1);
    longer.set(f.blob);
    expect(() => decodeWeights(f.manifest, longer.buffer)).toThrow(/the data holds \d+ values but the tensors use/);
  });
});
