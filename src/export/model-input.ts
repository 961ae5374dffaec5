// The model an export starts from: a model file read and checked as the app imports it (unknown
// or missing tensors, wrong shapes and bad specs are refused with the reason), with its
// provenance's history made explicit, so every format carries the same history.
import type { NamedTensors } from '../model/graph.ts';
import { historyOf } from '../model/provenance.ts';
import { decodeModelFile, type ModelFileMeta } from '../model/weights-file.ts';

export interface ExportInput {
  meta: ModelFileMeta;
  weights: NamedTensors;
}

/** Decodes a model file for export; throws "NAME: reason" for a file the app would refuse. */
export function readForExport(file: ArrayBuffer, name = 'model file'): ExportInput {
  const { meta, weights } = decodeModelFile(file, name);
  return { meta: { ...meta, provenance: { ...meta.provenance, history: historyOf(meta.provenance) } }, weights };
}
