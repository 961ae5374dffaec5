// The settings form, the builder's network and the engine chosen as the worker keeps them between visits: plain
// strings, checked again when read back (a record from an older version, or edited by hand in
// the browser's tools, must not break the form).
import { AUGMENT_MODE_NAMES, OPTIMIZER_NAMES, SCHEDULE_NAMES } from '../../model/config';
import { parseModelSpec, type ModelSpec } from '../../model/spec';
import type { EngineKind, SavedSettings } from '../../worker/protocol';
import { presetNamed } from '../shared/model-names';
import type { SettingsDraft } from './validate-settings';

/** The engine a record keeps under this key is also read by the worker when it opens (src/worker/session/engine-switch.ts). */
export function settingsRecord(draft: SettingsDraft, network: ModelSpec | null, engine: EngineKind | null = null): SavedSettings {
  return { ...draft, ...(network ? { network: JSON.stringify(network) } : {}), ...(engine ? { engine } : {}) };
}

/** The form, network and engine a record holds; null when it is not one (the form then keeps its defaults). */
export function readSettings(raw: SavedSettings | null): { draft: SettingsDraft; network: ModelSpec | null; engine: EngineKind | null } | null {
  if (!raw || typeof raw !== 'object') return null;
  const text = (key: string): string | null => (typeof raw[key] === 'string' ? raw[key] : null);
  const oneOf = <T extends string>(key: string, choices: readonly T[]): T | null => {
    const v = text(key);
    return v !== null && (choices as readonly string[]).includes(v) ? (v as T) : null;
  };
  const model = text('model');
  const optimizer = oneOf('optimizer', OPTIMIZER_NAMES);
  const schedule = oneOf('schedule', SCHEDULE_NAMES);
  const augment = oneOf('augment', AUGMENT_MODE_NAMES);
  const [learningRate, batchSize, epochs] = [text('learningRate'), text('batchSize'), text('epochs')];
  if (model === null || !presetNamed(model) || !optimizer || !schedule || !augment || learningRate === null || batchSize === null || epochs === null)
    return null;
  let network: ModelSpec | null = null;
  try {
    network = raw.network ? parseModelSpec(JSON.parse(raw.network)) : null;
  } catch {
    // A network that no longer parses is dropped; the form's settings still apply.
  }
  const engine = oneOf<EngineKind>('engine', ['webgpu', 'wasm']);
  return { draft: { model, optimizer, schedule, augment, learningRate, batchSize, epochs }, network, engine };
}
