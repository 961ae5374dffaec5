import { describe, expect, it } from 'vitest';
import { buildGraph, initParams, initState, unpackWeights, type NamedTensors } from './graph.ts';
import { preset } from './presets.ts';
import { decodeSafetensors, encodeSafetensors } from './safetensors.ts';
import { parseModelSpec, type ModelSpec } from './spec.ts';
import { decodeModelFile, decodeWeights, encodeModelFile, MAX_MODEL_FILE_BYTES, MODEL_FORMAT, modelLabel, recordedAccuracy } from './weights-file.ts';

const provenance = { command: 'test', epochs: 0.5, steps: 10, batch: 8, testAccuracy: 0.5, testLoss: 1, adapter: 'none' };

function weightsOf(spec: ModelSpec): NamedTensors {
  const g = buildGraph(spec);
  return unpackWeights(g, { params: initParams(g, 1), state: initState(g) });
}

const custom = parseModelSpec({
  name: 'mine',
  layers: [
    { kind: 'conv2d', filters: 3, kernel: 5, bias: false },
    { kind: 'batchnorm', activation: 'relu' },
    { kind: 'globalavgpool' },
    { kind: 'dense', units: 10 },
  ],
});

/** An earlier version's export: manifest and base64 data in one JSON text. */
function legacyFile(spec: ModelSpec, weights: NamedTensors, manifest: Record<string, unknown> = {}): ArrayBuffer {
  let offset = 0;
  const tensors = Object.entries(weights).map(([name, w]) => {
    const t = { name, shape: w.shape, offset, length: w.data.length };
    offset += w.data.length;
    return t;
  });
  const blob = new Float32Array(offset);
  for (const t of tensors) blob.set(weights[t.name].data, t.offset);
  const data = Buffer.from(blob.buffer).toString('base64');
  return new TextEncoder().encode(JSON.stringify({ format: 'inkling-weights/2', spec, provenance, tensors, data, ...manifest })).buffer;
}

describe('model files are safetensors that carry their spec', () => {
  it('round-trips a custom network: the spec, its weights and its running statistics', () => {
    const weights = weightsOf(custom);
    const file = encodeModelFile(weights, { spec: custom, provenance });
    const decoded = decodeModelFile(file.buffer, 'mine.safetensors');
    expect(decoded.meta.spec).toEqual(custom);
    expect(decoded.meta.provenance).toEqual(provenance);
    expect(Object.keys(decoded.weights)).toEqual(Object.keys(weights));
    for (const name of Object.keys(weights)) expect(decoded.weights[name], name).toEqual(weights[name]);
    expect(modelLabel(decoded.meta)).toBe('mine');
    expect(recordedAccuracy(decoded.meta)).toBe(0.5);
  });

  it('reads a recorded accuracy only where a test could give it: a claim, kept apart from the name', () => {
    const meta = (testAccuracy: unknown) => ({ spec: custom, provenance: { ...provenance, testAccuracy: testAccuracy as number } });
    expect([1, 0, 0.975].map((a) => recordedAccuracy(meta(a)))).toEqual([1, 0, 0.975]);
    expect([Number.NaN, 1.5, -0.1, '0.9', null].map((a) => recordedAccuracy(meta(a)))).toEqual([null, null, null, null, null]);
  });

  it('is plain safetensors: the metadata holds the format, the spec and the provenance as JSON strings', () => {
    const file = encodeModelFile(weightsOf(custom), { spec: custom, provenance });
    const { metadata, tensors } = decodeSafetensors(file.buffer);
    expect(metadata).toEqual({ format: MODEL_FORMAT, spec: JSON.stringify(custom), provenance: JSON.stringify(provenance) });
    expect(tensors['conv1.weight'].shape).toEqual([3, 1, 5, 5]);
  });

  it('refuses a file whose tensors do not match its spec, naming the tensor', () => {
    const weights = weightsOf(custom);
    const other = { ...custom, layers: custom.layers.map((l) => (l.kind === 'conv2d' ? { ...l, filters: 4 } : l)) };
    expect(() => decodeModelFile(encodeModelFile(weights, { spec: other, provenance }).buffer)).toThrow(
      /"conv1.weight" has shape \[3, 1, 5, 5\], expected \[4, 1, 5, 5\]/,
    );
    const missing = Object.fromEntries(Object.entries(weights).filter(([name]) => name !== 'bn1.running_var'));
    expect(() => decodeModelFile(encodeModelFile(missing, { spec: custom, provenance }).buffer)).toThrow(/bn1\.running_var/);
    const nan = { ...weights, 'dense1.bias': { shape: [10], data: new Float32Array(10).fill(Number.NaN) } };
    expect(() => decodeModelFile(encodeModelFile(nan, { spec: custom, provenance }).buffer)).toThrow(/dense1\.bias/);
  });

  it('refuses safetensors that are not an Inkling model, and a bad spec, by name', () => {
    const plain = encodeSafetensors({ w: { shape: [1], data: new Float32Array(1) } }, {});
    expect(() => decodeModelFile(plain.buffer, 'w.safetensors')).toThrow(/^w\.safetensors: a safetensors file, but not an Inkling model/);
    const bad = encodeSafetensors({}, { format: MODEL_FORMAT, spec: JSON.stringify({ layers: [{ kind: 'dense', units: 0 }] }), provenance: '{}' });
    expect(() => decodeModelFile(bad.buffer, 'b.safetensors')).toThrow(/^b\.safetensors: its spec is not valid: layer 1 \(dense1, dense\): units must be/);
  });

  it('refuses a file that is neither safetensors nor JSON, and one over the size cap before reading it', () => {
    expect(() => decodeModelFile(new TextEncoder().encode('hello').buffer, 'notes.txt')).toThrow(
      'notes.txt is not an Inkling model file (neither safetensors nor JSON)',
    );
    expect(() => decodeModelFile(new ArrayBuffer(MAX_MODEL_FILE_BYTES + 1), 'huge.safetensors')).toThrow(/^huge\.safetensors is \d+ MiB, over the \d+ MiB/);
  });

  it('names a safetensors header length that does not fit the file', () => {
    const file = encodeSafetensors({ w: { shape: [1], data: new Float32Array(1) } }, {});
    new DataView(file.buffer).setBigUint64(0, 1n << 40n, true);
    expect(() => decodeModelFile(file.buffer, 'cut.safetensors')).toThrow(/^cut\.safetensors: the header length \(1099511627776 bytes\) runs past the file/);
  });
});

describe('the JSON files of earlier versions still load', () => {
  it('reads a format 2 export and a format 1 export (by its preset name)', () => {
    const weights = weightsOf(custom);
    const decoded = decodeModelFile(legacyFile(custom, weights), 'old.json');
    expect(decoded.meta.spec).toEqual(custom);
    expect(decoded.weights['conv1.weight'].data).toEqual(weights['conv1.weight'].data);
    const cnn = weightsOf(preset('cnn'));
    const v1 = legacyFile(preset('cnn'), cnn, { format: 'inkling-weights/1', model: 'cnn', spec: undefined });
    expect(decodeModelFile(v1, 'v1.json').meta.spec).toEqual(preset('cnn'));
  });

  it.each([
    ['not JSON', '{ nope', /^x\.json is not an Inkling model file \(it is not JSON\)/],
    ['without data', '{"model":"cnn"}', /no "data" field/],
    ['bad base64', '{"data":"***"}', 'x.json: the weights are not valid base64'],
    ['another format', '{"format":"keras","data":""}', /not an Inkling model manifest/],
  ])('refuses one %s', (_what, text, message) => {
    expect(() => decodeModelFile(new TextEncoder().encode(text).buffer, 'x.json')).toThrow(message);
  });

  it('refuses duplicate entries and trailing bytes', () => {
    const weights = weightsOf(custom);
    const manifest = JSON.parse(new TextDecoder().decode(legacyFile(custom, weights))) as { tensors: unknown[]; data: string };
    const blob = new Uint8Array(Buffer.from(manifest.data, 'base64')).buffer;
    expect(() => decodeWeights({ ...manifest, tensors: [...manifest.tensors, manifest.tensors[0]] }, blob)).toThrow(/"conv1.weight" is listed twice/);
    const longer = new Uint8Array(blob.byteLength + 4);
    longer.set(new Uint8Array(blob));
    expect(() => decodeWeights(manifest, longer.buffer)).toThrow(/the data holds \d+ values but the tensors use/);
  });
});
