import { DEFAULT_PRESET, preset } from '../../model/presets';
import { draftOf, type NetworkDraft } from '../builder/draft';

export interface BuilderSlice {
  /** The network "Train from scratch" trains: a preset's layers, edited or not, or one from a link or file. */
  draft: NetworkDraft;
  /** Why the page's #spec= link was refused (the draft kept its network). */
  linkError: string | null;
  /** A short confirmation after "Copy link", or why the clipboard refused. */
  linkNote: { kind: 'done' | 'error'; message: string } | null;
}

export const initialBuilder: BuilderSlice = { draft: draftOf(preset(DEFAULT_PRESET)), linkError: null, linkNote: null };
