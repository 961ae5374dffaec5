import type { EngineEvent, EngineKind, ModelSpec } from '../../worker/protocol';

/** Where the app stands with the engine worker, from first load to failure. */
export type EnginePhase = 'connecting' | 'loading' | 'ready' | 'unsupported' | 'failed';

export interface Notice {
  id: number;
  kind: 'notice' | 'error';
  message: string;
}

export interface EngineSlice {
  phase: EnginePhase;
  /** The worker reads drawings already, before it is ready (its 'reading' event). */
  reading: boolean;
  loading: { what: string; loaded: number; total: number } | null;
  adapter: string | null;
  trainSize: number;
  testSize: number;
  /** The network the engine holds now: a preset's spec or one from a model file. */
  model: ModelSpec | null;
  /** The name of shipped, imported or opened weights while they are the ones in use, untrained. */
  pretrained: string | null;
  /**
   * The test accuracy the file of the `label` weights recorded when it was made: a claim, shown
   * as one while `label` is the `pretrained` in use and no test here has measured them.
   */
  recorded: { label: string; accuracy: number } | null;
  unsupported: { reason: 'no-api' | 'no-adapter' | 'device-refused'; message: string } | null;
  /** The engine in use, the ones the user may switch to, and why the GPU is not among them (see the 'engine' event). */
  kind: EngineKind | null;
  choices: EngineKind[];
  gpuUnavailable: string | null;
  /** Why the GPU engine is not used, where the CPU engine runs in its place; null on the GPU. */
  fallback: { reason: 'no-api' | 'no-adapter' | 'device-refused'; message: string } | null;
  /** Whether this tab owns the saved run, or why not (another tab had it open, or took it over). */
  runOwner: 'this-tab' | 'open-elsewhere' | 'taken-over';
  /** A fatal error: the engine cannot go on. */
  failure: string | null;
  notices: Notice[];
}

export const initialEngine: EngineSlice = {
  phase: 'connecting',
  reading: false,
  loading: null,
  adapter: null,
  trainSize: 0,
  testSize: 0,
  model: null,
  pretrained: null,
  recorded: null,
  unsupported: null,
  kind: null,
  choices: [],
  gpuUnavailable: null,
  fallback: null,
  runOwner: 'this-tab',
  failure: null,
  notices: [],
};

// Keeps the notice list short: older messages matter less than the latest ones.
const MAX_NOTICES = 4;
let nextNoticeId = 1;

export function addNotice(slice: EngineSlice, kind: Notice['kind'], message: string): EngineSlice {
  const notices = [...slice.notices, { id: nextNoticeId++, kind, message }].slice(-MAX_NOTICES);
  return { ...slice, notices };
}

export function dismissNotice(slice: EngineSlice, id: number): EngineSlice {
  return { ...slice, notices: slice.notices.filter((n) => n.id !== id) };
}

/** The claim a file's recorded accuracy makes about the weights named `label`, or null. */
export function recordedClaim(label: string | null, accuracy: number | null): EngineSlice['recorded'] {
  return label !== null && accuracy !== null ? { label, accuracy } : null;
}

/**
 * Whether drawings can be read now: once ready, and from the worker's 'reading' event while it
 * still loads the data and builds the training plan (reading first).
 */
export function readsDrawings(slice: EngineSlice): boolean {
  return slice.phase === 'ready' || (slice.reading && (slice.phase === 'connecting' || slice.phase === 'loading'));
}

/** Applies the events that concern the engine's status; others leave the slice as is. */
export function engineReduce(slice: EngineSlice, event: EngineEvent): EngineSlice {
  switch (event.type) {
    case 'loading':
      // Only a start in progress shows loading: progress that comes after a failure (another
      // download still running) must not bring the failed page back to "Loading…".
      if (slice.phase !== 'connecting' && slice.phase !== 'loading') return slice;
      return { ...slice, phase: 'loading', loading: { what: event.what, loaded: event.loaded, total: event.total } };
    case 'reading':
      return { ...slice, reading: true };
    case 'ready':
      return {
        ...slice,
        phase: 'ready',
        loading: null,
        adapter: event.adapter,
        trainSize: event.trainSize,
        testSize: event.testSize,
        model: event.model,
        pretrained: event.pretrained,
        recorded: recordedClaim(event.pretrained, event.recordedAccuracy),
      };
    case 'unsupported':
      return { ...slice, phase: 'unsupported', unsupported: { reason: event.reason, message: event.message } };
    case 'engine':
      // The reason for a fallback at the start holds only while that fallback does.
      return {
        ...slice,
        kind: event.kind,
        adapter: event.adapter,
        choices: event.choices,
        gpuUnavailable: event.gpuUnavailable,
        fallback: event.kind === 'wasm' ? slice.fallback : null,
      };
    case 'fallback':
      return { ...slice, fallback: { reason: event.reason, message: event.message } };
    case 'ownership':
      return { ...slice, runOwner: event.owned ? 'this-tab' : (event.why ?? 'open-elsewhere') };
    case 'notice':
      return addNotice(slice, 'notice', event.message);
    case 'storage-error':
      return addNotice(slice, 'error', event.message);
    case 'error':
      return event.fatal ? { ...addNotice(slice, 'error', event.message), phase: 'failed', failure: event.message } : addNotice(slice, 'error', event.message);
    default:
      return slice;
  }
}
