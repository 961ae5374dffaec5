// Keeps the address bar on the builder's network while it is edited (see address.ts).
import { addressHash } from './address';
import { checkDraft } from './draft';
import { useInkling } from '../core/store';

// A number field edits the draft on every key: one address per pause in typing, not one per key
// (browsers also throttle a page that replaces its URL many times a second).
const SETTLE_MS = 300;

/** Follows every later change of the draft; the network the page opened with keeps its address as typed. */
export function followBuilderInAddress(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  useInkling.subscribe((state, previous) => {
    if (state.builder.draft === previous.builder.draft) return;
    clearTimeout(timer);
    timer = setTimeout(writeAddress, SETTLE_MS);
  });
}

function writeAddress(): void {
  const hash = addressHash(checkDraft(useInkling.getState().builder.draft));
  if (hash === null || hash === location.hash) return;
  // replaceState, not location.hash: no history entry per edit, and no hashchange that would reload the builder.
  history.replaceState(history.state, '', hash || `${location.pathname}${location.search}`);
}
