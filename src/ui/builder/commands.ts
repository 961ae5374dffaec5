// What the network builder's controls do: edit the draft, follow the preset list, load a network
// from a #spec= link or a model file, and copy the current network's link.
import { preset } from '../../model/presets';
import { readSpecLink, specLinkHash } from '../../model/spec-link';
import type { ModelSpec } from '../../model/spec';
import { checkDraft, draftOf, type NetworkDraft } from './draft';
import { errorMessage } from '../core/error-message';
import { presetOf } from '../shared/model-names';
import { updateBuilder, updateSettings, useInkling } from '../core/store';

// Long enough to read, short enough not to linger next to a network that has since changed.
const NOTE_MS = 2500;
let noteTimer: ReturnType<typeof setTimeout> | undefined;

export function editDraft(change: (draft: NetworkDraft) => NetworkDraft): void {
  updateBuilder({ draft: change(useInkling.getState().builder.draft), linkNote: null });
  if (useInkling.getState().settings.configError) updateSettings({ configError: null });
}

/** Rebuilds the builder from a spec; the preset list follows when the spec is one of them. */
export function loadIntoBuilder(spec: ModelSpec): void {
  updateBuilder({ draft: draftOf(spec), linkNote: null });
  const p = presetOf(spec);
  if (p) updateSettings({ draft: { ...useInkling.getState().settings.draft, model: p.spec.name } });
}

/** The preset list drives the builder: choosing one starts the builder from it. */
export function choosePreset(name: string): void {
  const { settings } = useInkling.getState();
  updateSettings({ draft: { ...settings.draft, model: name }, configError: null });
  updateBuilder({ draft: draftOf(preset(name)), linkNote: null });
}

/** Back to the chosen preset, dropping the edits. */
export function restartFromPreset(): void {
  choosePreset(useInkling.getState().settings.draft.model);
}

/** Loads the network a URL hash holds; a bad link is refused with the reason and the builder keeps its network. */
export function loadSpecLink(hash: string): void {
  try {
    const spec = readSpecLink(hash);
    if (!spec) return;
    loadIntoBuilder(spec);
    updateBuilder({ linkError: null });
  } catch (error) {
    updateBuilder({ linkError: `${errorMessage(error)}. The link was refused; the builder keeps its network.` });
  }
}

export function dismissLinkError(): void {
  updateBuilder({ linkError: null });
}

function note(kind: 'done' | 'error', message: string): void {
  clearTimeout(noteTimer);
  updateBuilder({ linkNote: { kind, message } });
  if (kind === 'done') noteTimer = setTimeout(() => updateBuilder({ linkNote: null }), NOTE_MS);
}

/** Puts the current network's link on the clipboard and in the address bar (only a valid network has one). */
export async function copySpecLink(): Promise<void> {
  const check = checkDraft(useInkling.getState().builder.draft);
  if (!check.ok) return;
  const hash = specLinkHash(check.spec);
  const url = `${location.origin}${location.pathname}${location.search}${hash}`;
  // replaceState, not location.hash: no history entry, and no hashchange that would reload the builder.
  history.replaceState(null, '', hash);
  try {
    await navigator.clipboard.writeText(url);
    note('done', 'Link copied');
  } catch (error) {
    note('error', `The clipboard refused the link (${errorMessage(error)}); it is in the address bar instead.`);
  }
}
