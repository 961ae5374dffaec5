import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET, preset } from '../../model/presets';
import { readSpecLink, specLinkHash } from '../../model/spec-link';
import { addressHash } from './address';
import { changeKind, checkDraft, draftOf, setLayerField } from './draft';

describe('the address of the builder network', () => {
  it('is the plain URL for the network a plain URL opens with', () => {
    expect(addressHash(checkDraft(draftOf(preset(DEFAULT_PRESET))))).toBe('');
  });

  it("is the network's own link once edited, and opening it gives the same network", () => {
    const edited = changeKind(draftOf(preset(DEFAULT_PRESET)), 1, 'avgpool');
    const check = checkDraft(edited);
    const hash = addressHash(check);
    expect(check.ok && hash).toBe(check.ok && specLinkHash(check.spec));
    expect(check.ok && readSpecLink(hash ?? '')).toEqual(check.ok && check.spec);
  });

  it('links any other preset, which a plain URL would not bring back', () => {
    expect(addressHash(checkDraft(draftOf(preset('mlp'))))).toBe(specLinkHash(preset('mlp')));
  });

  it('is left as it was while the network is invalid', () => {
    expect(addressHash(checkDraft(setLayerField(draftOf(preset('mlp')), 0, 'units', 0)))).toBeNull();
  });
});
