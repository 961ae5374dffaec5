import { describe, expect, it } from 'vitest';
import { modelFileText, parseModelFile } from './model-file';

describe('model files', () => {
  it('round-trip the manifest and the float32 data', () => {
    const data = new Float32Array([1.5, -2, 3.25, Number.MIN_VALUE]);
    const text = modelFileText({ manifest: { format: 'inkling-weights/2', spec: { name: 'mlp', layers: [] } }, data: data.buffer });
    const back = parseModelFile(text, 'm.json');
    expect(back.manifest).toEqual({ format: 'inkling-weights/2', spec: { name: 'mlp', layers: [] } });
    expect(new Float32Array(back.data)).toEqual(data);
  });

  it('name what is wrong with a bad file', () => {
    expect(() => parseModelFile('hello', 'notes.txt')).toThrow('notes.txt is not an Inkling model file (it is not JSON)');
    expect(() => parseModelFile('{"model":"cnn"}', 'a.json')).toThrow(/no "data" field/);
    expect(() => parseModelFile('{"data":"***"}', 'b.json')).toThrow('b.json: the weights are not valid base64');
  });
});
