// The parts of one session, for the parts to reach each other: the facade (../engine-session.ts)
// makes them and wires this once.
import type { RunKeeper } from '../persist/run-keeper.ts';
import type { SaveScheduler } from '../persist/save-scheduler.ts';
import type { EngineEvent } from '../protocol.ts';
import type { DeviceRecovery } from './device-recovery.ts';
import type { ModelSlot } from './model-slot.ts';
import type { RunSaver } from './run-saver.ts';
import type { TrainingLoop } from './training-loop.ts';

export interface SessionParts {
  emit(e: EngineEvent): void;
  readonly keeper: RunKeeper;
  readonly saves: SaveScheduler;
  readonly slot: ModelSlot;
  readonly loop: TrainingLoop;
  readonly recovery: DeviceRecovery;
  readonly saver: RunSaver;
}
