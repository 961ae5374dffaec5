import { readSpecLink, specLinkHash } from '../src/model/spec-link';
import { parseModelSpec } from '../src/model/spec';
import { expect, test } from './fixtures';

interface LongTaskLog {
  tasks: { start: number; duration: number }[];
}

declare global {
  interface Window {
    __builderLongTasks?: LongTaskLog;
  }
}

// Trace snapshots run on the page's main thread and would count as the app's long tasks.
test.use({ trace: 'off' });

// The seed cnn, the builder's default: 5,408 × 128 + 128 + 1,290 + 320 parameters.
const CNN_PARAMS = '693,962';
const CNN_KINDS = ['conv2d', 'maxpool', 'dense', 'dense'];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test('a network built through the controls trains and its loss falls; its exported file rebuilds the builder', async ({ page, status, train, builder }) => {
  test.setTimeout(240_000);
  await page.addInitScript(() => {
    const log: LongTaskLog = { tasks: [] };
    window.__builderLongTasks = log;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) log.tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto('/');
  await status.waitReady();
  expect(await builder.kinds()).toEqual(CNN_KINDS);

  // From the CNN to a tiny MLP: drop the conv and the pool, narrow the hidden layer to 32 units.
  await builder.remove(0).click();
  await builder.remove(0).click();
  await builder.set(0, 'units', '32');
  await builder.name.fill('tiny-mlp');
  expect(await builder.kinds()).toEqual(['dense', 'dense']);
  await expect(builder.field(0, 'activation')).toHaveValue('relu');
  await expect(builder.params).toHaveText('25,450'); // 784 × 32 + 32 + 32 × 10 + 10
  await expect(builder.flops).toHaveText('102 kFLOP'); // 2·2·784·32 + 3·2·32·10
  await expect(builder.layer(0).getByTestId('builder-layer-shape')).toHaveText('→ 32');
  await expect(builder.speed).toBeHidden(); // nothing measured yet

  await train.configure({ learningRate: '0.003', batchSize: '64', epochs: '1' });
  await train.start.click();
  await expect(train.state).toHaveText('Training');
  await expect(status.modelName).toHaveText('tiny-mlp (custom)');
  await expect
    .poll(
      async () => {
        const loss = (await status.snapshot()).trainingLoss;
        if (loss.length < 50) return false;
        return mean(loss.slice(-10)) < 0.8 * mean(loss.slice(0, 10));
      },
      { timeout: 150_000, intervals: [2000], message: 'the loss falls over at least 50 steps' },
    )
    .toBe(true);
  // The step counter follows throttled progress events, a little behind the per-step metrics.
  await expect.poll(() => train.step(), { timeout: 30_000 }).toBeGreaterThanOrEqual(50);
  await expect(builder.speed).toContainText(/images\/s/);

  // Editing during the run: the page stays fluid, and the run keeps its network until asked.
  const since = await page.evaluate(() => performance.now());
  await builder.set(0, 'units', '48');
  await expect(builder.pending).toBeVisible();
  await builder.addLayer('dropout');
  await builder.remove(1).click();
  await builder.set(0, 'units', '32');
  await expect(builder.pending).toBeHidden();
  const tasks = await page.evaluate((t0) => (window.__builderLongTasks?.tasks ?? []).filter((t) => t.start >= t0), since);
  expect(tasks, 'main-thread tasks over 50 ms while editing during training').toEqual([]);

  await train.pause.click();
  await expect(train.state).toHaveText('Paused');
  const built = await builder.state();
  const download = page.waitForEvent('download');
  await page.getByTestId('model-export').click();
  const file = await (await download).path();
  await train.reset.click();
  await expect(train.state).toHaveText('Ready');

  await builder.restart.click();
  expect(await builder.kinds()).toEqual(CNN_KINDS);
  await page.getByTestId('model-import').setInputFiles(file);
  await expect(page.getByTestId('model-import-error')).toBeHidden();
  await expect(builder.name).toHaveValue('tiny-mlp');
  expect(await builder.state()).toEqual(built);
  await expect(builder.params).toHaveText('25,450');
  await expect(status.modelTitle).toHaveText('tiny-mlp (custom)');
});

test('layers are added, reordered by pointer and keyboard, and removed; an invalid network is refused with its message', async ({
  page,
  status,
  train,
  builder,
}) => {
  await page.goto('/');
  await status.waitReady();
  await expect(builder.params).toHaveText(CNN_PARAMS);
  await expect(builder.flops).toHaveText('4.94 MFLOP');

  // A new layer goes before the last one, which gives the 10 answers.
  await builder.addLayer('dropout');
  expect(await builder.kinds()).toEqual(['conv2d', 'maxpool', 'dense', 'dropout', 'dense']);
  await builder.moveUp(3).click();
  expect(await builder.kinds()).toEqual(['conv2d', 'maxpool', 'dropout', 'dense', 'dense']);
  await expect(builder.moveUp(0)).toBeDisabled();

  // By keyboard: the focus follows the layer it moves.
  await expect(builder.moveDown(2)).toHaveAccessibleName('Move layer 3 (dropout) down');
  await builder.moveDown(2).focus();
  await page.keyboard.press('Enter');
  expect(await builder.kinds()).toEqual(['conv2d', 'maxpool', 'dense', 'dropout', 'dense']);
  await expect(builder.moveDown(3)).toBeFocused();
  await page.keyboard.press('Enter');
  expect(await builder.kinds()).toEqual(['conv2d', 'maxpool', 'dense', 'dense', 'dropout']);
  await expect(builder.moveUp(4)).toBeFocused();

  await expect(builder.remove(4)).toHaveAccessibleName('Remove layer 5 (dropout)');
  await builder.remove(4).focus();
  await page.keyboard.press('Enter');
  expect(await builder.kinds()).toEqual(CNN_KINDS);
  await expect(builder.remove(3)).toBeFocused();
  await expect(builder.params).toHaveText(CNN_PARAMS);
  await expect(page.getByRole('textbox', { name: 'filters of layer 1 (conv2d)' })).toHaveValue('32');

  // A layer with 0 filters: named next to its field and as the network's first problem.
  await builder.set(0, 'filters', '0');
  await expect(builder.fieldError(0, 'filters')).toHaveText('filters must be a whole number from 1 to 1024, got 0');
  await expect(builder.error).toHaveText('layer 1 (conv1, conv2d): filters must be a whole number from 1 to 1024, got 0');
  await expect(train.start).toBeDisabled();
  await expect(builder.copyLink).toBeDisabled();
  await builder.set(0, 'filters', '32');
  await expect(builder.error).toBeHidden();
  await expect(train.start).toBeEnabled();

  // A map that shrinks to nothing.
  await builder.set(1, 'size', '27');
  const shrunk = 'layer 2 (pool1, maxpool): a 27×27 window does not fit the 26×26 map: it would leave a 0×0 map';
  await expect(builder.layerError(1)).toHaveText(shrunk);
  await expect(builder.error).toHaveText(shrunk);
  // The layer before the problem still shows its costs; the one at fault has none.
  await expect(builder.layer(0).getByTestId('builder-layer-shape')).toHaveText('→ 32×26×26');
  await expect(builder.layer(1).getByTestId('builder-layer-shape')).toHaveText('→ —');
  await expect(train.start).toBeDisabled();
  await builder.set(1, 'size', '2');

  // A last layer whose width is not the 10 classes.
  await builder.set(3, 'units', '12');
  await expect(builder.layerError(3)).toContainText('layer 4 (dense2, dense): the network ends with 12 outputs');
  await expect(builder.layer(3).getByTestId('builder-layer-params')).toHaveText('1,548 params');
  await expect(train.start).toBeDisabled();
  await train.start.click({ force: true });
  await expect(train.stepCount).toHaveText('0');

  await builder.restart.click();
  await expect(builder.error).toBeHidden();
  await expect(builder.params).toHaveText(CNN_PARAMS);
  await expect(train.start).toBeEnabled();

  // Choices and switches: "same" padding keeps the 28×28 map; no bias leaves the 3×3×32 weights.
  await builder.set(0, 'padding', 'same');
  await expect(builder.layer(0).getByTestId('builder-layer-shape')).toHaveText('→ 32×28×28');
  await builder.field(0, 'bias').uncheck();
  await expect(builder.layer(0).getByTestId('builder-layer-params')).toHaveText('288 params');
  await expect(train.modelHint).toContainText('Your own network');

  // The preset list drives the builder.
  await train.configure({ model: 'mlp' });
  expect(await builder.kinds()).toEqual(['dense', 'dense']);
  await expect(builder.params).toHaveText('101,770'); // 784 × 128 + 128 + 1,290
  await expect(builder.restart).toBeDisabled();
});

test('a #spec= link loads its network and copies back; a broken link is refused and the default network stays', async ({ page, context, builder }) => {
  const spec = {
    name: 'linked',
    layers: [{ kind: 'conv2d', filters: 4, kernel: 5, activation: 'relu' }, { kind: 'globalavgpool' }, { kind: 'dense', units: 10 }],
  };
  await page.goto('/#spec=' + encodeURIComponent(JSON.stringify(spec)));
  await expect(builder.name).toHaveValue('linked');
  expect(await builder.kinds()).toEqual(['conv2d', 'globalavgpool', 'dense']);
  await expect(builder.field(0, 'kernel')).toHaveValue('5');
  await expect(builder.params).toHaveText('154'); // 4·25 + 4, then 4·10 + 10
  await expect(builder.linkError).toBeHidden();

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await builder.copyLink.click();
  await expect(builder.copyNote).toHaveText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.endsWith(specLinkHash(parseModelSpec(spec)))).toBe(true);
  expect(readSpecLink(new URL(copied).hash)).toEqual(parseModelSpec(spec));

  // A link pasted into the open tab loads too.
  await page.evaluate(
    (hash) => {
      location.hash = hash;
    },
    specLinkHash(parseModelSpec({ name: 'pasted', layers: [{ kind: 'dense', units: 10 }] })),
  );
  await expect(builder.name).toHaveValue('pasted');
  await expect(builder.params).toHaveText('7,850');

  for (const [hash, message] of [
    ['#spec=' + encodeURIComponent('{"name":"bad","layers":[{"kind":"dense","units":0}]}'), 'units must be a whole number from 1 to 16384, got 0'],
    ['#spec=%7B%22na%', 'not valid URI encoding'],
    ['#spec=' + encodeURIComponent('{"layers":[{"kind":"dense","units":7}]}'), 'the network ends with 7 outputs'],
  ]) {
    await page.goto('about:blank');
    await page.goto('/' + hash);
    await expect(builder.linkError).toContainText(message);
    expect(await builder.kinds()).toEqual(CNN_KINDS);
    await expect(builder.params).toHaveText(CNN_PARAMS);
  }
});

test("a layer's kind changes in place, the address follows the valid edits, and reloading it opens the same network", async ({ page, status, builder }) => {
  await page.goto('/');
  await status.waitReady();
  const entries = await page.evaluate(() => history.length);
  expect(new URL(page.url()).hash).toBe('');

  // A max pool becomes an average pool: its window stays, its FLOPs are now counted.
  await expect(builder.kind(1)).toHaveAccessibleName('Kind of layer 2');
  await expect(builder.kind(1)).toHaveValue('maxpool');
  await builder.changeKind(1, 'avgpool');
  expect(await builder.kinds()).toEqual(['conv2d', 'avgpool', 'dense', 'dense']);
  await expect(builder.field(1, 'size')).toHaveValue('2');
  await expect(builder.field(1, 'stride')).toHaveValue('2');
  await expect(builder.layer(1).getByTestId('builder-layer-shape')).toHaveText('→ 32×13×13');
  await expect(builder.layer(1).getByTestId('builder-layer-flops')).toHaveText('43.3 kFLOP');
  await expect(builder.flops).toHaveText('4.98 MFLOP');

  // The hidden dense becomes a dropout: units go, a rate comes; the output layer now reads the pooled map.
  await builder.changeKind(2, 'dropout');
  expect(await builder.kinds()).toEqual(['conv2d', 'avgpool', 'dropout', 'dense']);
  await expect(builder.field(2, 'rate')).toHaveValue('0.5');
  await expect(builder.field(2, 'units')).toHaveCount(0);
  await expect(builder.field(2, 'activation')).toHaveCount(0);
  await expect(builder.layer(2).getByTestId('builder-layer-params')).toHaveText('0 params');
  await expect(builder.layer(3).getByTestId('builder-layer-params')).toHaveText('54,090 params'); // 5,408 × 10 + 10
  await expect(builder.params).toHaveText('54,410');

  // The address holds the network on screen, without a history entry per edit.
  const expected = parseModelSpec({
    name: 'cnn',
    layers: [
      { kind: 'conv2d', filters: 32, kernel: 3, activation: 'relu' },
      { kind: 'avgpool', size: 2 },
      { kind: 'dropout', rate: 0.5 },
      { kind: 'dense', units: 10 },
    ],
  });
  await expect.poll(() => new URL(page.url()).hash).toBe(specLinkHash(expected));
  expect(expected.layers.map((l) => l.name)).toEqual(['conv1', 'avgpool1', 'dropout1', 'dense1']);
  expect(await page.evaluate(() => history.length)).toBe(entries);
  const built = await builder.state();

  // An invalid network has no link: the address keeps the last valid one.
  const valid = page.url();
  await builder.set(3, 'units', '0');
  await expect(builder.error).toBeVisible();
  // The address is written a settle period (300 ms, src/ui/builder-address.ts) after the last edit,
  // by a page timer: one the page sets now with a longer delay fires after it, however busy the page.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1000)));
  expect(page.url()).toBe(valid);

  await page.reload();
  await expect(builder.params).toHaveText('54,410');
  await expect(builder.linkError).toBeHidden();
  expect(await builder.state()).toEqual(built);

  // Back to the preset a plain URL opens with: the address is plain again.
  await builder.restart.click();
  expect(await builder.kinds()).toEqual(CNN_KINDS);
  await expect.poll(() => page.url()).toBe(new URL('/', page.url()).href);
});

const CHECKED = 'tiny (custom) · 10.7% on a 1,000-digit check';

test('the model badge gives the accuracy of its latest test, and only for the model that was tested', async ({ page, status, train }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await status.waitReady();
  await expect(status.modelAccuracy).toBeHidden();

  // One dense layer whose bias makes every answer a 3: right on exactly the test set's 1,010 threes.
  const weights = new Float32Array(784 * 10 + 10);
  weights[784 * 10 + 3] = 20;
  const file = {
    name: 'tiny.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'inkling-weights/2',
        spec: { name: 'tiny', layers: [{ kind: 'dense', units: 10 }] },
        tensors: [
          { name: 'dense1.weight', shape: [784, 10], offset: 0, length: 7840 },
          { name: 'dense1.bias', shape: [10], offset: 7840, length: 10 },
        ],
        data: Buffer.from(weights.buffer).toString('base64'),
      }),
    ),
  };
  const importInput = page.getByTestId('model-import');
  await importInput.setInputFiles(file);
  // An import is checked at once on the first 1,000 test digits (107 threes), named as a check.
  await expect(status.modelName).toHaveText(CHECKED);
  await expect(status.modelAccuracy).toBeHidden();
  await train.evaluate.click();
  await expect(status.modelAccuracy).toHaveText('10.1%');
  await expect(status.modelName).toHaveText('tiny (custom) · 10.1%');

  // The same file again is another model, untested until tested.
  await importInput.setInputFiles(file);
  await expect(page.getByTestId('model-import-error')).toBeHidden();
  await expect(status.modelAccuracy).toBeHidden();
  await expect(status.modelName).toHaveText(CHECKED);
  await train.evaluate.click();
  await expect(status.modelAccuracy).toHaveText('10.1%');

  // Training from scratch replaces the model: no accuracy until its own test.
  await train.configure({ batchSize: '16', epochs: '1' });
  await train.start.click();
  await expect(train.state).toHaveText('Training');
  await expect(status.modelAccuracy).toBeHidden();
  await expect(status.modelName).toHaveText('tiny (custom)');
  await train.pause.click();
  await expect(train.state).toHaveText('Paused');
  await train.evaluate.click();
  await expect(status.modelAccuracy).toHaveText(/^\d{1,3}\.\d%$/);
  const tested = (await status.snapshot()).testAccuracy;
  await expect(status.modelAccuracy).toHaveText(`${((tested ?? NaN) * 100).toFixed(1)}%`);
  await train.reset.click();
  await expect(train.state).toHaveText('Ready');
  await expect(status.modelAccuracy).toBeHidden();
});
