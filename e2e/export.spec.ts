// The Export buttons in real Chromium, under the page's Content-Security-Policy: the shipped
// reader leaves the page as a model file that keeps how it was made, as a PyTorch project (.zip)
// with that history and recipe, and as ONNX that ONNX Runtime runs to the reader's answers.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { decodeModelFile } from '../src/model/weights-file';
import { testDigits } from '../src/testing/export-models';
import { expect, test } from './fixtures';

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const started = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const d = await started;
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

const arrayBuffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

test('Export offers the model file, a PyTorch project and ONNX, each with the reader’s history', async ({ page, status }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto('/');
  await status.waitReady();

  const file = await download(page, 'model-export');
  const { meta } = decodeModelFile(arrayBuffer(file.bytes), file.name);
  // The shipped reader, untrained here: the command, commit, steps and accuracy it was made with.
  expect(meta.provenance).toMatchObject({ steps: 11250, testAccuracy: 0.9953, commit: 'a854f83' });
  expect(meta.provenance.history).toHaveLength(1);

  const zip = await download(page, 'model-export-pytorch');
  expect(zip.name).toBe('inkling-cnn-bn-pytorch.zip');
  const files = unzipSync(new Uint8Array(zip.bytes));
  const folder = 'inkling-cnn-bn-pytorch/';
  expect(Object.keys(files).sort()).toEqual(
    ['README.md', 'model.py', 'model.safetensors', 'recipe.json', 'safetensors_io.py', 'train.py'].map((n) => folder + n),
  );
  expect(JSON.parse(strFromU8(files[`${folder}recipe.json`]))).toMatchObject({ learningRate: 0.002, batchSize: 16, augment: true });
  expect(decodeModelFile(arrayBuffer(files[`${folder}model.safetensors`])).meta.provenance).toMatchObject({ steps: 11250, testAccuracy: 0.9953 });

  const onnx = await download(page, 'model-export-onnx');
  expect(onnx.name).toBe('inkling-cnn-bn.onnx');
  const session = await InferenceSession.create(new Uint8Array(onnx.bytes));
  const digits = await testDigits(16);
  const out = await session.run({ image: new Tensor('float32', digits.x, [16, 1, 28, 28]) });
  const logits = out.logits.data as Float32Array;
  const read = Array.from({ length: 16 }, (_, b) =>
    Array.from(logits.subarray(b * 10, b * 10 + 10)).reduce((best, v, i, row) => (v > row[best] ? i : best), 0),
  );
  expect(read).toEqual(Array.from(digits.labels));
  await session.release();
  expect(violations, 'CSP violations while exporting').toEqual([]);
});
