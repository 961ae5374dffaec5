// What the page takes back from the worker's storage once the engine is up (the run itself comes
// as the 'restored' event): the settings form and the builder's network as last left, unless the
// address names a network, the engine chosen, and the saved-model list. From then on the form is
// saved as it changes.
import { SPEC_LINK_PREFIX } from '../../model/spec-link';
import { loadIntoBuilder } from '../builder/commands';
import { checkDraft } from '../builder/draft';
import { engine } from '../core/engine-client';
import { readSettings, settingsRecord } from '../settings/saved-settings';
import { refreshModels } from '../models/commands';
import { DEFAULT_DRAFT } from '../settings/settings-slice';
import { updateSettings, useInkling } from '../core/store';
import { fieldErrors, type SettingsDraft } from '../settings/validate-settings';

// One write per pause in typing, not one per key.
const SETTLE_MS = 500;

export async function restoreSession(): Promise<void> {
  const saved = readSettings(await engine().loadSettings());
  // The worker opened on the kept engine already; kept here so the next save keeps it too.
  if (saved?.engine) updateSettings({ engine: saved.engine });
  const current = useInkling.getState().settings.draft;
  // A form the user has already edited while the engine loaded keeps their edits. Its preset may
  // differ: a #spec= address sets it, and that network wins over the saved one.
  const untouched = (Object.keys(DEFAULT_DRAFT) as (keyof SettingsDraft)[]).every((k) => k === 'model' || current[k] === DEFAULT_DRAFT[k]);
  if (saved && untouched) {
    const linked = location.hash.startsWith(SPEC_LINK_PREFIX);
    if (saved.network && !linked) loadIntoBuilder(saved.network);
    const draft = { ...saved.draft, model: linked ? current.model : saved.draft.model };
    updateSettings({ draft, errors: fieldErrors(draft) });
  }
  followSettings();
  await refreshModels();
}

function followSettings(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  useInkling.subscribe((state, previous) => {
    const { settings, builder } = state;
    if (settings.draft === previous.settings.draft && settings.engine === previous.settings.engine && builder.draft === previous.builder.draft) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const { settings, builder } = useInkling.getState();
      const network = checkDraft(builder.draft);
      void engine().saveSettings(settingsRecord(settings.draft, network.ok ? network.spec : null, settings.engine));
    }, SETTLE_MS);
  });
}
