import { describe, expect, it } from 'vitest';
import { PRESETS } from './presets.ts';
import { readSpecLink, specLinkHash } from './spec-link.ts';
import { SpecError } from './spec.ts';

describe('spec links', () => {
  it('every preset round-trips through its link', () => {
    for (const { spec } of PRESETS) {
      const hash = specLinkHash(spec);
      expect(hash.startsWith('#spec=')).toBe(true);
      expect(hash).not.toMatch(/[{}" ]/);
      expect(readSpecLink(hash)).toEqual(spec);
    }
  });
  it('the format is the URI-encoded JSON: a hand-written link works', () => {
    const json = '{"name":"tiny","layers":[{"kind":"dense","units":32,"activation":"relu"},{"kind":"dense","units":10}]}';
    const spec = readSpecLink('#spec=' + encodeURIComponent(json));
    expect(spec?.name).toBe('tiny');
    expect(spec?.layers.map((l) => l.name)).toEqual(['dense1', 'dense2']);
  });
  it('a hash without a spec is no link', () => {
    expect(readSpecLink('')).toBeNull();
    expect(readSpecLink('#about')).toBeNull();
  });
  it.each([
    ['cut encoding', '#spec=%7B%22na%', /link: the network after #spec= is not valid URI encoding/],
    ['empty', '#spec=', /link: #spec= holds no network/],
    ['not JSON', '#spec=' + encodeURIComponent('{"layers":['), /link: model spec: not valid JSON/],
    ['a bad field', '#spec=' + encodeURIComponent('{"layers":[{"kind":"dense","units":0}]}'), /link: layer 1 \(dense1, dense\): units must be a whole number/],
    [
      'a wrong width',
      '#spec=' + encodeURIComponent('{"layers":[{"kind":"dense","units":12}]}'),
      /link: layer 1 \(dense1, dense\): the network ends with 12 outputs/,
    ],
  ])('refuses %s, saying what is wrong', (_what, hash, message) => {
    expect(() => readSpecLink(hash)).toThrow(SpecError);
    expect(() => readSpecLink(hash)).toThrow(message);
  });
  it('a refusal keeps the index of the layer at fault', () => {
    try {
      readSpecLink('#spec=' + encodeURIComponent('{"layers":[{"kind":"dense","units":5},{"kind":"maxpool"},{"kind":"dense","units":10}]}'));
      expect.unreachable();
    } catch (e) {
      expect((e as SpecError).layer).toBe(1);
    }
  });
});
