// The ONNX export run by the real ONNX Runtime (onnxruntime-node): every preset and mixed
// networks of every kind read digits as the reference engine does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeModelFile } from '../../model/weights-file.ts';
import { PRESETS, preset } from '../../model/presets.ts';
import type { ModelSpec } from '../../model/spec.ts';
import { CONV_LSTM, maxDifference, modelFileOf, referenceLogits, testDigits, weightsFor } from '../../testing/export-models.ts';
import { EVERY_KIND, LSTM_STACK } from '../../testing/specs.ts';
import { ONNX_OPSET, toOnnx } from './export.ts';
import { modelProto } from '../../testing/onnx-proto.ts';

const COUNT = 16;
const READER = join(import.meta.dirname, '../../../public/pretrained/reader.safetensors');

async function run(onnx: Uint8Array, x: Float32Array, count: number): Promise<{ logits: Float32Array; probabilities: Float32Array }> {
  const session = await InferenceSession.create(onnx);
  try {
    const out = await session.run({ image: new Tensor('float32', x, [count, 1, 28, 28]) });
    expect(out.logits.dims).toEqual([count, 10]);
    return { logits: out.logits.data as Float32Array, probabilities: out.probabilities.data as Float32Array };
  } finally {
    await session.release();
  }
}

describe('ONNX export in ONNX Runtime', () => {
  let digits: { x: Float32Array; labels: Uint8Array };
  beforeAll(async () => {
    digits = await testDigits(COUNT);
  });

  it.each([...PRESETS.map((p) => p.spec), EVERY_KIND, LSTM_STACK, CONV_LSTM] as ModelSpec[])(
    'reads digits as the reference engine does: $name',
    async (spec) => {
      const weights = weightsFor(spec, 11);
      const { logits, probabilities } = await run(toOnnx(modelFileOf(spec, weights)), digits.x, COUNT);
      expect(maxDifference(logits, referenceLogits(spec, weights, digits.x, COUNT))).toBeLessThan(1e-4);
      for (let b = 0; b < COUNT; b++) expect(probabilities.subarray(b * 10, b * 10 + 10).reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
    },
  );

  it('the shipped reader: its labels, the reference’s logits, and its spec and history in the metadata', async () => {
    const file = readFileSync(READER);
    const onnx = toOnnx(file.buffer, 'reader.safetensors', 'test');
    const { meta, weights } = decodeModelFile(file.buffer);
    const { logits } = await run(onnx, digits.x, COUNT);
    expect(maxDifference(logits, referenceLogits(meta.spec, weights, digits.x, COUNT))).toBeLessThan(1e-4);
    const predicted = Array.from({ length: COUNT }, (_, b) => logits.subarray(b * 10, b * 10 + 10).reduce((best, v, i, row) => (v > row[best] ? i : best), 0));
    expect(predicted).toEqual(Array.from(digits.labels));
    const T = modelProto();
    const model = T.toObject(T.decode(onnx), { longs: Number }) as {
      opset_import: { domain: string; version: number }[];
      metadata_props: { key: string; value: string }[];
      graph: {
        input: { name: string; type: { tensor_type: { elem_type: number; shape: { dim: object[] } } } }[];
        initializer: { name: string; dims: number[] }[];
      };
    };
    expect(model.opset_import).toEqual([{ domain: '', version: ONNX_OPSET }]);
    expect(model.graph.input[0]).toEqual({
      name: 'image',
      type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_param: 'N' }, { dim_value: 1 }, { dim_value: 28 }, { dim_value: 28 }] } } },
    });
    expect(model.graph.initializer.find((t) => t.name === 'conv2.weight')?.dims).toEqual([64, 32, 3, 3]);
    const props = Object.fromEntries(model.metadata_props.map((p) => [p.key, p.value]));
    expect(JSON.parse(props['inkling.spec'])).toEqual(preset('cnn-bn'));
    expect(JSON.parse(props['inkling.provenance'])).toMatchObject({ steps: 11250, history: [{ testAccuracy: 0.9953, commit: 'a854f83' }] });
  });

  it('refuses a model file with a tensor of the wrong shape, naming it', () => {
    const w = weightsFor(preset('cnn'));
    const bad = modelFileOf(preset('cnn'), { ...w, 'conv1.weight': { shape: [32, 1, 5, 5], data: new Float32Array(800) } });
    expect(() => toOnnx(bad, 'bad.safetensors')).toThrow(/^bad\.safetensors|"conv1\.weight" has shape \[32, 1, 5, 5\], expected \[32, 1, 3, 3\]/);
  });
});
