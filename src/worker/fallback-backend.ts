// The page's engine: the GPU one where WebGPU gives a device, else the CPU one, so no browser meets
// a dead end. The choice is made at the first open and kept: a GPU lost later is the recovery's
// to retry on the GPU (src/worker/session/device-recovery.ts), not a reason to leave it.
import type { BackendEvents, DigitData, Engine, EngineBackend } from '../model/engine.ts';

export class FallbackBackend implements EngineBackend {
  private chosen: EngineBackend | null = null;

  constructor(
    private readonly preferred: EngineBackend,
    private readonly fallback: () => Promise<EngineBackend>,
  ) {}

  async open(data: () => Promise<DigitData>, events: BackendEvents): Promise<Engine> {
    if (this.chosen) return this.chosen.open(data, events);
    let unavailable: { reason: 'no-api' | 'no-adapter' | 'device-refused'; message: string } | null = null;
    try {
      const engine = await this.preferred.open(data, { ...events, onUnavailable: (reason, message) => (unavailable = { reason, message }) });
      this.chosen = this.preferred;
      return engine;
    } catch (e) {
      if (!unavailable) throw e;
      const { reason, message } = unavailable;
      const backend = await this.fallback();
      const engine = await backend.open(data, events);
      this.chosen = backend;
      events.onFallback?.(reason, message);
      return engine;
    }
  }
}
