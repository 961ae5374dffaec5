import { describe, expect, it } from 'vitest';
import { preset } from '../../model/presets';
import { addLayer, changeKind, checkDraft, draftJson, draftOf, fieldProblems, moveLayer, newLayer, removeLayer, setLayerField, valueFromText } from './draft';

describe('network builder draft', () => {
  it('a preset as a draft checks back to the same spec, with its costs', () => {
    const check = checkDraft(draftOf(preset('cnn')));
    expect(check.ok && check.spec).toEqual(preset('cnn'));
    expect(check.ok && check.cost.params).toBe(5408 * 128 + 128 + 1290 + 320);
    expect(check.ok && check.cost.trainingFlops).toBe(4_939_776);
  });
  it('drafts hold plain spec JSON, without names', () => {
    expect(draftJson(draftOf(preset('mlp')))).toEqual({
      name: 'mlp',
      layers: [
        { kind: 'dense', units: 128, activation: 'relu', bias: true },
        { kind: 'dense', units: 10, activation: 'none', bias: true },
      ],
    });
  });
  it('new layers take their defaults, a suggestion where there is none', () => {
    expect(newLayer('conv2d').raw).toEqual({ kind: 'conv2d', filters: 16, kernel: 3, stride: 1, padding: 'valid', activation: 'none', bias: true });
    expect(newLayer('maxpool').raw).toEqual({ kind: 'maxpool', size: 2, stride: 2 });
    expect(newLayer('globalavgpool').raw).toEqual({ kind: 'globalavgpool' });
  });
  it('adds before the output layer, removes and moves', () => {
    let d = addLayer(draftOf(preset('mlp')), 'dropout');
    expect(d.layers.map((l) => l.raw.kind)).toEqual(['dense', 'dropout', 'dense']);
    const keys = d.layers.map((l) => l.key);
    d = moveLayer(d, 1, -1);
    expect(d.layers.map((l) => l.key)).toEqual([keys[1], keys[0], keys[2]]);
    expect(moveLayer(d, 0, -1)).toBe(d);
    expect(moveLayer(d, 2, 1)).toBe(d);
    d = removeLayer(d, 0);
    expect(d.layers.map((l) => l.key)).toEqual([keys[0], keys[2]]);
    expect(checkDraft(d).ok).toBe(true);
  });
  it('names the first problem and its layer; each bad field is named on its own', () => {
    let d = setLayerField(draftOf(preset('cnn')), 0, 'filters', 0);
    d = setLayerField(d, 0, 'kernel', 'x');
    const check = checkDraft(d);
    expect(check).toMatchObject({ ok: false, layer: 0 });
    expect(!check.ok && check.message).toMatch(/^layer 1 \(conv1, conv2d\): filters must be a whole number from 1 to 1024, got 0/);
    expect(fieldProblems(d.layers[0].raw)).toEqual({
      filters: 'filters must be a whole number from 1 to 1024, got 0',
      kernel: 'kernel must be a whole number from 1 to 32, got "x"',
    });
    // A shape problem belongs to the layer, not to a field.
    const shrunk = setLayerField(draftOf(preset('cnn')), 1, 'size', 27);
    const shrunkCheck = checkDraft(shrunk);
    expect(shrunkCheck).toMatchObject({ ok: false, layer: 1 });
    // The layers before a shape problem still show what they cost.
    expect(!shrunkCheck.ok && shrunkCheck.costs).toEqual([{ output: [32, 26, 26], params: 320, forwardFlops: 389376, trainingFlops: 778752 }]);
    expect(fieldProblems(shrunk.layers[1].raw)).toEqual({});
    // The last layer must give the 10 answers.
    const wide = checkDraft(setLayerField(draftOf(preset('mlp')), 1, 'units', 12));
    expect(wide).toMatchObject({ ok: false, layer: 1 });
    expect(!wide.ok && wide.costs.map((c) => c.output)).toEqual([[128], [12]]);
    expect(!check.ok && check.costs).toEqual([]);
  });
  it("changes a layer's kind in place: chosen values the new kind accepts stay, the rest take its defaults", () => {
    const cnn = draftOf(preset('cnn'));
    const keys = cnn.layers.map((l) => l.key);
    // A pool to another pool: its window stays; the row stays the same row.
    const bigPool = setLayerField(setLayerField(cnn, 1, 'size', 3), 1, 'stride', 3);
    const avg = changeKind(bigPool, 1, 'avgpool');
    expect(avg.layers[1]).toEqual({ key: keys[1], raw: { kind: 'avgpool', size: 3, stride: 3 } });
    expect(avg.layers.map((l) => l.key)).toEqual(keys);
    expect(avg.layers.filter((_, i) => i !== 1)).toEqual(bigPool.layers.filter((_, i) => i !== 1));
    // The generated name follows the kind, and the costs the new layer.
    const check = checkDraft(avg);
    expect(check.ok && check.spec.layers.map((l) => l.name)).toEqual(['conv1', 'avgpool1', 'dense1', 'dense2']);
    expect(check.ok && check.cost.layers[1].output).toEqual([32, 8, 8]);
    expect(check.ok && check.cost.layers[1].forwardFlops).toBe(32 * 8 * 8 * 9);

    // A conv's relu and missing bias move to a dense; its filters do not (a dense has units).
    let conv = setLayerField(cnn, 0, 'activation', 'relu');
    conv = setLayerField(conv, 0, 'bias', false);
    expect(changeKind(conv, 0, 'dense').layers[0].raw).toEqual({ kind: 'dense', units: 64, activation: 'relu', bias: false });
    // Fields the new kind lacks are dropped; its own take their defaults.
    expect(changeKind(cnn, 2, 'dropout').layers[2].raw).toEqual({ kind: 'dropout', rate: 0.5 });
    expect(changeKind(cnn, 2, 'globalavgpool').layers[2].raw).toEqual({ kind: 'globalavgpool' });
    expect(changeKind(conv, 0, 'batchnorm').layers[0].raw).toEqual({ kind: 'batchnorm', activation: 'relu', momentum: 0.99, epsilon: 0.001 });
  });

  it('a value the old kind filled in by itself is no choice to keep; one the new kind refuses gives way to its default', () => {
    const cnn = draftOf(preset('cnn'));
    // The conv's stride 1 is its default: the pool takes its own (its size), not an overlapping stride 1.
    expect(changeKind(cnn, 0, 'maxpool').layers[0].raw).toEqual({ kind: 'maxpool', size: 2, stride: 2 });
    // A pool's stride 2 is its size's: the conv keeps stride 1 rather than skipping every other pixel.
    expect(changeKind(cnn, 1, 'conv2d').layers[1].raw).toEqual({
      kind: 'conv2d',
      filters: 16,
      kernel: 3,
      stride: 1,
      padding: 'valid',
      activation: 'none',
      bias: true,
    });
    // A stride chosen apart from the size is carried where it fits…
    const overlapping = setLayerField(setLayerField(cnn, 1, 'size', 3), 1, 'stride', 2);
    expect(changeKind(overlapping, 1, 'conv2d').layers[1].raw).toMatchObject({ stride: 2 });
    // …and dropped where it does not (a conv's stride is at most 8).
    const far = setLayerField(setLayerField(cnn, 1, 'size', 12), 1, 'stride', 10);
    expect(changeKind(far, 1, 'conv2d').layers[1].raw).toMatchObject({ stride: 1 });
    // A value being typed (not yet a number) is not carried either.
    expect(changeKind(setLayerField(cnn, 1, 'stride', '3x'), 1, 'avgpool').layers[1].raw).toEqual({ kind: 'avgpool', size: 2, stride: 2 });
    // The same kind changes nothing.
    expect(changeKind(cnn, 1, 'maxpool')).toEqual(cnn);
    expect(changeKind(cnn, 1, 'maxpool').layers[1]).toBe(cnn.layers[1]);
  });

  it('reads number text as numbers, and anything else as the text the parser names', () => {
    expect(valueFromText('32')).toBe(32);
    expect(valueFromText(' 1e-3 ')).toBe(0.001);
    expect(valueFromText('-1')).toBe(-1);
    expect(valueFromText('')).toBe('');
    expect(valueFromText('3x')).toBe('3x');
  });
});
