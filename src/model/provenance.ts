// How a model was made, as a history: the run that made it, then each later training or
// fine-tune (by `npm run train`, the page, or the exported PyTorch project), oldest first. A model
// file's provenance is its latest stage (the fields older readers know: command, steps, test
// accuracy) with the whole history beside it, so every export keeps where the model came from.
import type { Provenance, ProvenanceStage } from './weights-file.ts';

export type { Provenance, ProvenanceStage };

/** The stages a provenance records, oldest first; a file from before histories is its own one stage. */
export function historyOf(p: Partial<Provenance> | null | undefined): ProvenanceStage[] {
  if (!p || typeof p !== 'object') return [];
  if (Array.isArray(p.history)) return p.history;
  const stage: Partial<Provenance> = { ...p };
  delete stage.history;
  return typeof stage.command === 'string' ? [stage as ProvenanceStage] : [];
}

/** The provenance after one more stage: that stage's fields, with the history it ends. */
export function appendStage(p: Partial<Provenance> | null | undefined, stage: ProvenanceStage): Provenance {
  return { ...stage, history: [...historyOf(p), stage] };
}

/** The newest stage's test, where one was run: accuracy (0..1), loss and the number of test images. */
export function latestTest(p: Partial<Provenance> | null | undefined): { accuracy: number; loss: number; images: number | null } | null {
  for (const s of historyOf(p).toReversed()) {
    if (typeof s.testAccuracy === 'number' && Number.isFinite(s.testAccuracy)) {
      return { accuracy: s.testAccuracy, loss: s.testLoss, images: typeof s.testImages === 'number' ? s.testImages : null };
    }
  }
  return null;
}
