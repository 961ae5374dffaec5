// What the address bar says about the builder's network: a link to it, so a reload or a copied
// address opens the network on screen. A plain URL already opens the default preset, so that one
// needs no link; any other preset gets one, since a plain URL would not bring it back.
import { DEFAULT_PRESET, preset, sameValue } from '../../model/presets';
import { specLinkHash } from '../../model/spec-link';
import type { DraftCheck } from './draft';

/**
 * The hash the address should hold: '' for the plain URL, or the network's `#spec=` link (the
 * same one "Copy link" gives). Null while the network is invalid: it has no link, so the last
 * valid one stays.
 */
export function addressHash(check: DraftCheck): string | null {
  if (!check.ok) return null;
  return sameValue(check.spec, preset(DEFAULT_PRESET)) ? '' : specLinkHash(check.spec);
}
