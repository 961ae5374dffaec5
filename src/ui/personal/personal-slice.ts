import type { EngineEvent, FineTuneProgress, PersonalDigit } from '../../worker/protocol';

/** The user's labelled digits (the worker keeps them) and how the last fine-tune on them went. */
export interface PersonalSlice {
  digits: PersonalDigit[];
  /** Why the last command on the set (teach, remove, import, export) failed. */
  error: string | null;
  /** The fine-tune in progress or the last one; null before any. */
  fineTune: FineTuneProgress | null;
}

export const initialPersonal: PersonalSlice = { digits: [], error: null, fineTune: null };

export function personalReduce(slice: PersonalSlice, event: EngineEvent): PersonalSlice {
  return event.type === 'finetune' ? { ...slice, fineTune: event.progress } : slice;
}
