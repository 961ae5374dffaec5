import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { batchSizeRule, DEFAULT_TRAINING, epochsRule, learningRateRule } from '../src/model/config';
import { DEFAULT_PRESET, PRESETS } from '../src/model/presets';
import type { NamedTensors } from '../src/model/graph';
import { decodeSafetensors, encodeSafetensors } from '../src/model/safetensors';
import { parseModelSpec, type ModelSpec } from '../src/model/spec';
import { MAX_MODEL_FILE_BYTES, MODEL_FORMAT } from '../src/model/weights-file';
import { DIGITS } from './digits';
import { expect, test } from './fixtures';
import { recordWorkerCalls } from './worker-calls';

/** An earlier version's model file, which still imports: the manifest with the float32 data inline as base64. */
interface ModelFileJson {
  format: string;
  spec: ModelSpec;
  provenance?: { testAccuracy: number | null };
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
  data: string;
}

/** A downloaded model file, read as the safetensors it is. */
function readModelFile(path: string): { spec: ModelSpec; format: string; tensors: NamedTensors } {
  const bytes = readFileSync(path);
  const { metadata, tensors } = decodeSafetensors(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { format: metadata.format, spec: JSON.parse(metadata.spec) as ModelSpec, tensors };
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('opens ready: data loads, the adapter is shown, drawing gives a prediction', async ({ page, status, draw }) => {
  await status.waitReady();
  await expect(status.adapter).not.toBeEmpty();
  await expect(status.loading).toBeHidden();
  await expect(draw.predicted).toHaveText('');

  const scrollBefore = await page.evaluate(() => window.scrollY);
  await draw.draw(DIGITS.seven);
  await expect(draw.predicted).toHaveText(/^[0-9]$/);
  const probabilities = await draw.probabilities();
  expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  const predicted = Number(await draw.predicted.textContent());
  expect(Math.max(...probabilities)).toBe(probabilities[predicted]);
  // Drawing must not scroll the page (touch-action: none and pointer capture on the pad).
  expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
  await expect(draw.pad).toHaveCSS('touch-action', 'none');

  await draw.clear.click();
  await expect(draw.predicted).toHaveText('');
  await expect(draw.probability(0)).toHaveText('');
});

test('the pretrained model reads scripted digits', async ({ status, draw }) => {
  await status.waitReady();
  await expect(status.pretrained).toHaveText(/% recorded when it was made$/);
  for (const [name, digit] of [
    ['one', '1'],
    ['zero', '0'],
    ['seven', '7'],
  ] as const) {
    await draw.draw(DIGITS[name]);
    await expect(draw.predicted, `drawing a ${name}`).toHaveText(digit);
    await draw.clear.click();
  }
});

test('invalid settings are refused next to their field: nothing reaches the engine, the model stays', async ({ page, status, train, draw }) => {
  // Two drawings read on a software GPU.
  test.setTimeout(240_000);
  await status.waitReady();
  await draw.draw(DIGITS.seven);
  await expect(draw.predicted).toHaveText('7');
  const before = await draw.probabilities();
  const model = await status.modelName.textContent();
  await train.configure({ learningRate: '2', batchSize: '0', epochs: '3.5' });
  // The engine's own rules, word for word (src/model/config.ts).
  await expect(train.fieldError('learning-rate')).toHaveText(learningRateRule);
  await expect(train.fieldError('batch-size')).toHaveText(batchSizeRule);
  await expect(train.fieldError('epochs')).toHaveText(epochsRule);
  const calls = await recordWorkerCalls(page);
  await train.start.click();
  // The refusal is made in the click itself: a start let through has posted its configure to the
  // worker by the time the click returns (the calls up to there run synchronously).
  expect((await calls()).filter((c) => c === 'configure' || c === 'start')).toEqual([]);
  await expect(page.getByTestId('config-error')).toHaveCount(0);
  await expect(train.fieldError('learning-rate')).toHaveText(learningRateRule);
  // The model in use answers as before: the same network, the same weights.
  await draw.clear.click();
  await draw.draw(DIGITS.seven);
  await expect(draw.predicted).toHaveText('7');
  expect(await draw.probabilities()).toEqual(before);
  await expect(status.modelName).toHaveText(model!);
  await expect(train.state).toHaveText('Ready');
  await expect(train.stepCount).toHaveText('0');
  expect(
    (await calls()).filter((c) => c === 'configure' || c === 'start'),
    'calls that change the model',
  ).toEqual([]);
  await train.configure({ learningRate: '0.01' });
  await expect(train.fieldError('learning-rate')).toHaveCount(0);
});

test('the model exports to a file and imports back; bad files are refused and the model stays', async ({ page, status, draw }) => {
  await status.waitReady();
  const readSeven = async () => {
    await draw.clear.click();
    await draw.draw(DIGITS.seven);
    await expect(draw.predicted).toHaveText('7');
    return draw.probabilities();
  };
  const before = await readSeven();

  const download = page.waitForEvent('download');
  await page.getByTestId('model-export').click();
  const file = await (await download).path();
  const exported = readModelFile(file);
  // The file is safetensors carrying the whole spec: the shipped model is a preset, and the header names it.
  expect(exported.format).toBe(MODEL_FORMAT);
  const shipped = PRESETS.find((p) => p.spec.name === exported.spec.name);
  expect(shipped, `the shipped model "${exported.spec.name}" is a preset`).toBeDefined();
  expect(exported.spec).toEqual(shipped!.spec);
  await expect(status.modelName).toHaveText(shipped!.label);
  expect((await download).suggestedFilename()).toBe(`inkling-${shipped!.spec.name}.safetensors`);

  const input = page.getByTestId('model-import');
  const error = page.getByTestId('model-import-error');
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(error).toHaveText('notes.txt is not an Inkling model file (neither safetensors nor JSON)');
  // A tensor two columns wider than its layer's.
  const [name, first] = Object.entries(exported.tensors)[0];
  const shape = [...first.shape];
  const wider = [...shape.slice(0, -1), shape[shape.length - 1] + 2];
  const bent = { ...exported.tensors, [name]: { shape: wider, data: new Float32Array(wider.reduce((a, b) => a * b, 1)) } };
  const bentBytes = encodeSafetensors(bent, { format: MODEL_FORMAT, spec: JSON.stringify(exported.spec), provenance: '{}' });
  await input.setInputFiles({ name: 'bent.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(bentBytes) });
  await expect(error).toHaveText(`weights: "${name}" has shape [${wider.join(', ')}], expected [${shape.join(', ')}]`);
  // Over the cap: refused by its size, before it is read.
  const huge = test.info().outputPath('huge.safetensors');
  writeFileSync(huge, '');
  truncateSync(huge, MAX_MODEL_FILE_BYTES + 1); // sparse: no bytes written
  await input.setInputFiles(huge);
  await expect(error).toHaveText(/^huge\.safetensors is \d+ MiB, over the \d+ MiB a model file may be$/);
  // Both refusals left the model as it was.
  expect(await readSeven()).toEqual(before);

  await input.setInputFiles(file);
  await expect(page.getByTestId('model-import-error')).toBeHidden();
  // The import is checked on 1,000 test digits first (a large model takes a while on a software GPU).
  await expect(page.getByTestId('model-checked')).toHaveText(/on a 1,000-digit check$/, { timeout: 120_000 });
  const after = await readSeven();
  after.forEach((p, i) => expect(p).toBeCloseTo(before[i], 5));
});

test("the model select offers every preset, and starts from the quick default preset and the engine's defaults", async ({ status, train }) => {
  await status.waitReady();
  const options = await train.modelOptions();
  expect(options).toEqual(PRESETS.map((p) => [p.spec.name, p.label]));
  for (const name of ['mlp', 'cnn', 'cnn-deep', 'cnn-bn']) expect(options.map(([value]) => value)).toContain(name);
  // The form opens on the quick default preset, whatever reader the page opened with, and with the engine's defaults.
  await expect(train.model).toHaveValue(DEFAULT_PRESET);
  await expect(train.epochs).toHaveValue(String(DEFAULT_TRAINING.epochs));
  await expect(train.batchSize).toHaveValue(String(DEFAULT_TRAINING.batchSize));
  await expect(train.learningRate).toHaveValue(String(DEFAULT_TRAINING.learningRate));
  for (const p of PRESETS) {
    await train.configure({ model: p.spec.name });
    await expect(train.modelHint).toHaveText(p.hint);
  }
});

test('a model with a spec of its own imports, reads, exports and imports back; training from scratch trains the chosen preset', async ({
  page,
  status,
  train,
  draw,
}) => {
  await status.waitReady();
  // One dense layer whose bias makes every answer a 3: what this model says is unmistakable.
  const spec = { name: 'tiny', layers: [{ kind: 'dense', units: 10 }] };
  const weights = new Float32Array(784 * 10 + 10);
  weights[784 * 10 + 3] = 20;
  const tiny: ModelFileJson = {
    format: 'inkling-weights/2',
    spec: spec as ModelSpec,
    provenance: { testAccuracy: 0.1 },
    tensors: [
      { name: 'dense1.weight', shape: [784, 10], offset: 0, length: 7840 },
      { name: 'dense1.bias', shape: [10], offset: 7840, length: 10 },
    ],
    data: Buffer.from(weights.buffer).toString('base64'),
  };
  const input = page.getByTestId('model-import');
  const formModel = await train.model.inputValue();
  await input.setInputFiles({ name: 'tiny.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tiny)) });
  await expect(status.modelTitle).toHaveText('tiny (custom)');
  // The file's figure is its claim until the quick check of these weights replaces it.
  await expect(page.getByTestId('model-checked')).toHaveText(/^\d+\.\d% on a 1,000-digit check$/);
  await expect(status.pretrained).toHaveText('tiny');
  await expect(page.getByTestId('model-import-error')).toBeHidden();
  // The form keeps its preset and says what is loaded instead.
  await expect(train.model).toHaveValue(formModel);
  await expect(train.modelHint).toContainText('“tiny”');
  await draw.draw(DIGITS.seven);
  await expect(draw.predicted).toHaveText('3');

  const download = page.waitForEvent('download');
  await page.getByTestId('model-export').click();
  expect((await download).suggestedFilename()).toBe('inkling-tiny.safetensors');
  const file = await (await download).path();
  const exported = readModelFile(file);
  expect(exported.spec).toEqual(parseModelSpec(spec));
  expect(Array.from(exported.tensors['dense1.weight'].data)).toEqual(Array.from(weights.subarray(0, 7840)));
  expect(Array.from(exported.tensors['dense1.bias'].data)).toEqual(Array.from(weights.subarray(7840)));

  await draw.clear.click();
  await input.setInputFiles(file);
  await expect(page.getByTestId('model-import-error')).toBeHidden();
  await expect(status.modelTitle).toHaveText('tiny (custom)');
  await draw.draw(DIGITS.one);
  await expect(draw.predicted).toHaveText('3');

  await train.configure({ model: 'mlp', batchSize: '16', epochs: '1' });
  await train.start.click();
  await expect(train.state).toHaveText('Training');
  await expect(status.modelName).toHaveText(PRESETS.find((p) => p.spec.name === 'mlp')!.label);
  await expect(status.pretrained).toBeHidden();
  await expect(train.modelHint).toHaveText(PRESETS.find((p) => p.spec.name === 'mlp')!.hint);
  await train.reset.click();
  await expect(train.state).toHaveText('Ready');
});
