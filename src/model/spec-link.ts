// A network shared as a link: the page URL's hash holds `#spec=` and the URI-encoded JSON of the
// ModelSpec. A link is read like any other spec (parsed, then built), so a bad one is refused
// with the parser's own message, prefixed so the user knows the link is at fault.
import { buildGraph } from './graph.ts';
import { parseModelSpecText, SpecError, type ModelSpec } from './spec.ts';

export const SPEC_LINK_PREFIX = '#spec=';

/** The hash that holds `spec`, e.g. `#spec=%7B%22name%22…`. */
export function specLinkHash(spec: ModelSpec): string {
  return SPEC_LINK_PREFIX + encodeURIComponent(JSON.stringify(spec));
}

/**
 * The spec a URL hash holds; null when the hash holds none (no `#spec=`). Throws a SpecError
 * saying what is wrong: bad URI encoding, bad JSON, or a spec that does not parse or build.
 */
export function readSpecLink(hash: string): ModelSpec | null {
  if (!hash.startsWith(SPEC_LINK_PREFIX)) return null;
  let text: string;
  try {
    text = decodeURIComponent(hash.slice(SPEC_LINK_PREFIX.length));
  } catch {
    throw new SpecError('link: the network after #spec= is not valid URI encoding (was the link cut short?)');
  }
  if (text.trim() === '') throw new SpecError('link: #spec= holds no network');
  try {
    const spec = parseModelSpecText(text);
    buildGraph(spec);
    return spec;
  } catch (e) {
    if (e instanceof SpecError) throw new SpecError(`link: ${e.message}`, e.layer);
    throw e;
  }
}
