import { DEFAULT_PRESET, preset } from '../../model/presets';
import { draftOf, type NetworkDraft } from './draft';
import type { MemoryAnswer } from './memory';
import type { SpeedProbe } from '../../worker/protocol';

export interface BuilderSlice {
  /** The network "Train from scratch" trains: a preset's layers, edited or not, or one from a link or file. */
  draft: NetworkDraft;
  /** Why the page's #spec= link was refused (the draft kept its network). */
  linkError: string | null;
  /** A short confirmation after "Copy link", or why the clipboard refused. */
  linkNote: { kind: 'done' | 'error'; message: string } | null;
  /** The worker's answer on GPU memory for the network it was last asked about (see memory.ts). */
  memory: MemoryAnswer | null;
  /** The last speed probe's measurement, while it runs, or why it failed. */
  probe: SpeedProbe | 'running' | { error: string } | null;
}

export const initialBuilder: BuilderSlice = { draft: draftOf(preset(DEFAULT_PRESET)), linkError: null, linkNote: null, memory: null, probe: null };
