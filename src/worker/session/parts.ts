// The parts of one session and what each offers the others: the facade (../engine-session.ts)
// makes them and wires this once. Each part implements its interface here and reaches the
// others only through these, so no part imports another and no import runs in a circle.
import type { TrainConfig } from '../../model/config.ts';
import type { Checkpoint, Engine, TrainingModel } from '../../model/engine.ts';
import type { NamedTensors } from '../../model/graph.ts';
import type { Provenance } from '../../model/weights-file.ts';
import type { RunKeeper } from '../persist/run-keeper.ts';
import type { SavedRun } from '../persist/run-record.ts';
import type { SaveScheduler } from '../persist/save-scheduler.ts';
import type { EngineEvent, RestoredRun, TrainState } from '../protocol.ts';

/** The model in use and its change (model-slot.ts). */
export interface Slot {
  /** The device's engine; null until it opens and from a device loss to its recovery. */
  engine: Engine | null;
  model: TrainingModel | null;
  config: TrainConfig;
  /** The label of shipped, imported or opened weights while they are the ones in use, untrained. */
  label: string | null;
  /** The shipped weights' recorded test accuracy while they are the ones in use (no step, no change since). */
  shippedTest: { model: TrainingModel; accuracy: number } | null;
  /**
   * How the weights in use were made when they came from a file or shipped (their provenance,
   * with its history); null for a network trained here from its seed. Training here adds a stage.
   */
  origin: Provenance | null;
  need(): TrainingModel;
  needEngine(): Engine;
  read<T>(work: (model: TrainingModel) => Promise<T>): Promise<T>;
  hold<T>(model: TrainingModel, work: () => Promise<T>): Promise<T>;
  build(config: TrainConfig, weights?: NamedTensors): Promise<TrainingModel>;
  install(model: TrainingModel): void;
  /** Moves the model in use onto `engine` from `checkpoint` (inside a transaction); a refusal leaves it as it was. */
  rehome(engine: Engine, checkpoint: Checkpoint | null): Promise<void>;
  transact(work: () => Promise<void>): Promise<void>;
  replace(config: TrainConfig, weights: NamedTensors | undefined, label: string | null): Promise<void>;
}

/** The training loop's state machine (training-loop.ts). */
export interface Loop {
  readonly state: TrainState;
  readonly training: boolean;
  settle(state: 'idle' | 'paused' | 'done'): void;
  fail(): void;
  pauseIfTraining(): void;
  run(): void;
  pause(): Promise<void>;
  stop(): Promise<void>;
  forget(): void;
  progress(force: boolean): void;
}

/** A lost device and its recovery (device-recovery.ts). */
export interface Recovery {
  backup: Checkpoint | null;
  /** From a device loss until its recovery has a new device. */
  readonly lost: boolean;
  backUpFresh(weights: NamedTensors | undefined, config?: TrainConfig): void;
  lostWithin(ms: number): Promise<boolean>;
  keep(model: TrainingModel): Promise<Checkpoint | null>;
  deviceLost(message: string): Promise<void>;
}

/** The run as it is kept (run-saver.ts). */
export interface Saver {
  provenance(t: TrainingModel, step: number, command: string): Provenance;
  checkpoint(): Promise<void>;
  startOver(label: string | null, weights?: NamedTensors): void;
  restoreSaved(saved: SavedRun): Promise<RestoredRun | null>;
}

/** The choice of engine and its switch (engine-switch.ts). */
export interface Switcher {
  /** Says which engine runs and which the user may choose. */
  announce(): void;
  /** A GPU lost for good: opens the CPU engine as the slot's, for the recovery to restore the run on; throws `why` where there is none. */
  afterLoss(why: unknown): Promise<void>;
}

export interface SessionParts {
  emit(e: EngineEvent): void;
  readonly keeper: RunKeeper;
  readonly saves: SaveScheduler;
  readonly slot: Slot;
  readonly loop: Loop;
  readonly recovery: Recovery;
  readonly saver: Saver;
  readonly switcher: Switcher;
}
