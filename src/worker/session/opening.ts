// What a session starts from: the engine opened on the data, then the run an earlier page saved,
// or else the shipped model, or else the default network from its seed.
import type { TrainConfig } from '../../model/config.ts';
import type { BackendEvents, DigitData, Engine, EngineBackend } from '../../model/engine.ts';
import type { NamedTensors } from '../../model/graph.ts';
import type { Provenance } from '../../model/weights-file.ts';
import { DEFAULT_PRESET, preset } from '../../model/presets.ts';
import { DEFAULT_TRAINING } from '../../model/config.ts';
import { messageOf } from './messages.ts';
import type { SessionParts } from './parts.ts';

export const DEFAULT_CONFIG: TrainConfig = { ...DEFAULT_TRAINING, model: preset(DEFAULT_PRESET) };

/** The shipped model, as a session host loads it. */
export interface Pretrained {
  config: TrainConfig;
  weights: NamedTensors;
  label: string;
  /** Its MNIST test accuracy when its file records one (measured on these weights when they were made). */
  testAccuracy?: number;
  /** How it was made, with its history: what its exports carry on (src/model/provenance.ts). */
  provenance?: Provenance;
}

/**
 * Opens the backend's engine on the data and makes it the slot's; a lost device calls back to
 * recover. A backend unavailable at the start is the page's to explain; during a recovery it is
 * the recovery's to retry, so it is not announced as a browser without the backend.
 */
export async function openEngine(parts: SessionParts, backend: EngineBackend, data: () => Promise<DigitData>, recovering = false): Promise<void> {
  let engine: Engine | null = null;
  engine = await backend.open(
    data,
    engineEvents(parts, !recovering, () => engine),
  );
  parts.slot.engine = engine;
}

/**
 * What an engine's backend reports, to the session. A loss is recovered only while that engine
 * is the one in use (or still opening): one kept open beside it for a switch back is just dropped.
 */
export function engineEvents(parts: SessionParts, announceUnavailable: boolean, engine: () => Engine | null): BackendEvents {
  return {
    onUnavailable: (reason, message) => {
      if (announceUnavailable) parts.emit({ type: 'unsupported', reason, message });
    },
    onLost: (message) => {
      const lost = engine();
      if (lost === null || parts.slot.engine === lost) void parts.recovery.deviceLost(message);
    },
    onError: (message) => parts.emit({ type: 'error', message: `GPU error: ${message}`, fatal: false }),
    onFallback: (reason, message) => parts.emit({ type: 'fallback', reason, message }),
  };
}

/** The shipped model in use, or the default network when none ships or it does not build. */
export async function usePretrained(parts: SessionParts, load: () => Promise<Pretrained | null>): Promise<void> {
  const { slot, recovery } = parts;
  let pretrained = await load().catch((e: unknown) => {
    parts.emit({ type: 'notice', message: `The pretrained model could not be loaded (${String(e)}); starting untrained.` });
    return null;
  });
  const config = pretrained?.config ?? DEFAULT_CONFIG;
  try {
    slot.install(await slot.build(config, pretrained?.weights));
  } catch (e) {
    // A shipped model that decodes but does not build (a config or memory refusal) must not stop the page.
    if (!pretrained) throw e;
    parts.emit({ type: 'notice', message: `The pretrained model could not be built (${messageOf(e)}); starting untrained.` });
    pretrained = null;
    slot.install(await slot.build(DEFAULT_CONFIG));
  }
  slot.label = pretrained?.label ?? null;
  slot.origin = pretrained?.provenance ?? null;
  const accuracy = pretrained?.testAccuracy;
  slot.shippedTest = accuracy !== undefined && Number.isFinite(accuracy) ? { model: slot.need(), accuracy } : null;
  // A device lost before any save must bring these weights back, not the seed's.
  recovery.backUpFresh(pretrained?.weights);
}
