import { describe, expect, it } from 'vitest';
import { PRESETS, preset } from '../../model/presets';
import { parseModelSpec } from '../../model/spec';
import { modelFileName, modelTitle, presetNamed, presetOf } from './model-names';

describe('model names in the UI', () => {
  it('knows every preset by its spec, even one that crossed a thread or a file', () => {
    for (const p of PRESETS) {
      const copy = parseModelSpec(JSON.parse(JSON.stringify(p.spec)));
      expect(presetOf(copy)).toBe(p);
      expect(modelTitle(copy)).toBe(p.label);
      expect(presetNamed(p.spec.name)).toBe(p);
    }
    expect(presetNamed('resnet')).toBeNull();
  });

  it("names any other spec as custom, even under a preset's name", () => {
    const custom = parseModelSpec({ name: 'cnn', layers: [{ kind: 'dense', units: 10 }] });
    expect(presetOf(custom)).toBeNull();
    expect(modelTitle(custom)).toBe('cnn (custom)');
    const wider = parseModelSpec({
      ...preset('mlp'),
      layers: [
        { kind: 'dense', units: 256, activation: 'relu' },
        { kind: 'dense', units: 10 },
      ],
    });
    expect(modelTitle(wider)).toBe('mlp (custom)');
  });

  it('makes a file name of any spec name', () => {
    expect(modelFileName(preset('cnn-bn'))).toBe('inkling-cnn-bn.safetensors');
    expect(modelFileName(parseModelSpec({ name: 'my net / v2', layers: [{ kind: 'dense', units: 10 }] }))).toBe('inkling-my-net-v2.safetensors');
    expect(modelFileName(parseModelSpec({ name: '///', layers: [{ kind: 'dense', units: 10 }] }))).toBe('inkling-model.safetensors');
    expect(modelFileName(null)).toBe('inkling-model.safetensors');
  });
});
