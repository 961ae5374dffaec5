import { describe, expect, it } from 'vitest';
import { preset } from '../../model/presets';
import { addLayer, checkDraft, draftJson, draftOf, fieldProblems, moveLayer, newLayer, removeLayer, setLayerField, valueFromText } from './draft';

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
  it('reads number text as numbers, and anything else as the text the parser names', () => {
    expect(valueFromText('32')).toBe(32);
    expect(valueFromText(' 1e-3 ')).toBe(0.001);
    expect(valueFromText('-1')).toBe(-1);
    expect(valueFromText('')).toBe('');
    expect(valueFromText('3x')).toBe('3x');
  });
});
