// The page's engines: the GPU one where WebGPU gives a device, else the CPU one, so no browser meets
// a dead end; and, where both run, the choice between them (src/worker/session/engine-switch.ts).
// The first open falls back from a GPU that gives no device; after that `open` opens the kind in
// use, so a GPU lost later is the recovery's to retry on the GPU (src/worker/session/device-recovery.ts),
// and only one lost for good moves the run to the CPU.
// An engine opened stays open while its device lives: a switch back finds its data still uploaded.
import type { BackendEvents, DigitData, Engine, EngineBackend } from '../model/engine.ts';
import type { EngineKind } from './protocol.ts';

type Unavailable = { reason: 'no-api' | 'no-adapter' | 'device-refused'; message: string };

/** A backend with more than one engine: what a session can switch between. */
export interface EngineChoice extends EngineBackend {
  /** The kind `open` opens: the one in use once the first open has chosen. */
  readonly kind: EngineKind;
  /** The kinds that may run here: the CPU always; the GPU unless it is known to give no device. */
  readonly choices: EngineKind[];
  /** Why the GPU is not among the choices; null while it is. */
  readonly gpuUnavailable: string | null;
  /** Opens an engine of `kind` (the one opened before while its device lives); `open` still opens the kind in use. */
  openKind(kind: EngineKind, data: () => Promise<DigitData>, events: BackendEvents): Promise<Engine>;
  /** Makes `kind` the one `open` opens: before the first open, a kept choice; after, an engine switched to. */
  use(kind: EngineKind): void;
}

/** The backend's choice of engines, where it has one (the page's); null for a single engine (most tests). */
export function engineChoice(backend: EngineBackend): EngineChoice | null {
  return backend instanceof FallbackBackend ? backend : null;
}

export class FallbackBackend implements EngineChoice {
  private current: EngineKind = 'webgpu';
  private started = false;
  private unavailable: Unavailable | null;
  private cpu: Promise<EngineBackend> | null = null;
  private readonly opened = new Map<EngineKind, Engine>();

  constructor(
    private readonly preferred: EngineBackend,
    private readonly fallback: () => Promise<EngineBackend>,
    /** Whether the platform has WebGPU at all (navigator.gpu): where not, the GPU is never offered. */
    gpuPresent = true,
  ) {
    this.unavailable = gpuPresent ? null : { reason: 'no-api', message: 'This browser has no WebGPU.' };
  }

  get kind(): EngineKind {
    return this.current;
  }

  get choices(): EngineKind[] {
    return this.unavailable ? ['wasm'] : ['webgpu', 'wasm'];
  }

  get gpuUnavailable(): string | null {
    return this.unavailable?.message ?? null;
  }

  use(kind: EngineKind): void {
    this.current = kind;
  }

  async open(data: () => Promise<DigitData>, events: BackendEvents): Promise<Engine> {
    if (this.started || this.current === 'wasm') {
      this.started = true;
      return this.openKind(this.current, data, events);
    }
    this.started = true;
    try {
      return await this.openKind('webgpu', data, { ...events, onUnavailable: () => undefined });
    } catch (e) {
      const unavailable = this.unavailable;
      if (!unavailable) throw e;
      const engine = await this.openKind('wasm', data, events);
      this.current = 'wasm';
      events.onFallback?.(unavailable.reason, unavailable.message);
      return engine;
    }
  }

  async openKind(kind: EngineKind, data: () => Promise<DigitData>, events: BackendEvents): Promise<Engine> {
    const kept = this.opened.get(kind);
    if (kept) return kept;
    const backend = kind === 'webgpu' ? this.preferred : await (this.cpu ??= this.fallback());
    let engine: Engine | null = null;
    try {
      engine = await backend.open(data, {
        ...events,
        onUnavailable: (reason, message) => {
          if (kind === 'webgpu') this.unavailable = { reason, message };
          events.onUnavailable(reason, message);
        },
        onLost: (message) => {
          // Lost with its device: the next open of this kind opens a new one.
          if (engine && this.opened.get(kind) === engine) this.opened.delete(kind);
          events.onLost(message);
        },
      });
    } catch (e) {
      if (kind === 'wasm') this.cpu = null;
      throw e;
    }
    if (kind === 'webgpu') this.unavailable = null;
    this.opened.set(kind, engine);
    return engine;
  }
}
