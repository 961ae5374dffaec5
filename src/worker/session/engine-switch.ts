// The choice of engine: the user's switch between the GPU and the CPU, the kept choice a session
// opens with, and the CPU engine in place of a GPU lost for good. A run crosses as a checkpoint
// (weights, moments, step) written by one engine and restored by the other; its config, history
// and saved run stay as they are, so the step count and the charts go on.
import type { DigitData, Engine, EngineBackend } from '../../model/engine.ts';
import { engineChoice, type EngineChoice } from '../fallback-backend.ts';
import type { EngineKind, SavedSettings } from '../protocol.ts';
import { messageOf, stillLoading } from './messages.ts';
import { engineEvents } from './opening.ts';
import type { SessionParts, Switcher } from './parts.ts';

const NAMES: Record<EngineKind, string> = { webgpu: 'GPU engine (WebGPU)', wasm: 'CPU engine (WebAssembly)' };

/** The kept choice in a settings record (the UI's form keeps it under `engine`); null when none is. */
export function keptEngine(settings: SavedSettings | null): EngineKind | null {
  const kind = settings?.engine;
  return kind === 'webgpu' || kind === 'wasm' ? kind : null;
}

export class EngineSwitch implements Switcher {
  /** The backend's engines; null where the session has only one. */
  private readonly choice: EngineChoice | null;

  constructor(
    private readonly parts: SessionParts,
    backend: EngineBackend,
    private readonly data: () => Promise<DigitData>,
  ) {
    this.choice = engineChoice(backend);
  }

  /** Before the first open: the engine the user chose last time (a GPU that gives no device still falls back). */
  keep(kind: EngineKind | null): void {
    if (kind && this.choice?.choices.includes(kind)) this.choice.use(kind);
  }

  announce(): void {
    const { choice, parts } = this;
    if (!choice || !parts.slot.engine) return;
    parts.emit({ type: 'engine', kind: choice.kind, adapter: parts.slot.engine.adapterName, choices: choice.choices, gpuUnavailable: choice.gpuUnavailable });
  }

  /**
   * Moves the run onto the engine of `kind`: training stops (and goes on after if it ran), the
   * model in use is read back as a checkpoint, opened on the other engine, restored and installed
   * in the slot's transaction, so requests wait for it. A refusal leaves the run where it was.
   */
  async to(kind: EngineKind): Promise<void> {
    const choice = this.choice;
    if (kind !== 'webgpu' && kind !== 'wasm') throw new Error(`There is no engine "${String(kind)}": the engines are webgpu and wasm.`);
    if (!choice) throw new Error(`This page runs one engine only: it cannot switch to the ${NAMES[kind]}.`);
    const { slot, loop, recovery } = this.parts;
    await slot.transact(async () => {
      if (choice.kind === kind) return;
      if (!choice.choices.includes(kind)) throw new Error(`The ${NAMES[kind]} cannot run here: ${choice.gpuUnavailable ?? 'unknown reason'}`);
      if (recovery.lost) throw new Error('The run is not on an engine now (the GPU is being recovered); switch once it is back.');
      if (!slot.model) throw stillLoading();
      const wasTraining = loop.training;
      await loop.stop();
      // Training goes on where it ran, on whichever engine holds the run after this.
      const goOn = () => (wasTraining && !recovery.lost ? loop.run() : loop.progress(true));
      let step: number;
      try {
        const t = slot.model;
        const checkpoint = await slot.hold(t, () => t.checkpoint());
        await slot.rehome(await this.open(kind), checkpoint);
        choice.use(kind);
        recovery.backup = checkpoint;
        step = checkpoint.step;
      } catch (e) {
        // The GPU may have turned out to be missing: the choices say so now.
        this.announce();
        goOn();
        throw new Error(`The run could not move to the ${NAMES[kind]}: ${messageOf(e)}`, { cause: e });
      }
      this.announce();
      this.parts.emit({ type: 'notice', message: `Now on the ${NAMES[kind]}, going on from step ${step.toLocaleString('en')}.` });
      goOn();
    });
  }

  async afterLoss(why: unknown): Promise<void> {
    const choice = this.choice;
    if (!choice || choice.kind !== 'webgpu') throw why;
    this.parts.slot.engine = await this.open('wasm');
    choice.use('wasm');
  }

  /** An engine of `kind` with the data on it; a loss of it is recovered once it is the one in use. */
  private async open(kind: EngineKind): Promise<Engine> {
    let engine: Engine | null = null;
    engine = await this.choice!.openKind(
      kind,
      this.data,
      engineEvents(this.parts, false, () => engine),
    );
    return engine;
  }
}
