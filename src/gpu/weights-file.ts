// The saved-model format: a JSON manifest (model, provenance, tensor table) beside one
// little-endian float32 blob. Used for the pretrained model that ships with the app and for
// `npm run train -- --save`. Reading checks everything and names the first problem.
import type { ModelName } from '../worker/protocol.ts';
import type { NamedArrays } from './graph.ts';

export interface WeightsManifest {
  format: 'inkling-weights/1';
  model: ModelName;
  /** How it was made: the command, steps, batch, and its test accuracy (0..1). */
  provenance: { command: string; epochs: number; steps: number; batch: number; testAccuracy: number; testLoss: number; adapter: string };
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
}

export function encodeWeights(weights: NamedArrays, meta: Omit<WeightsManifest, 'format' | 'tensors'>): { manifest: WeightsManifest; blob: Float32Array<ArrayBuffer> } {
  let offset = 0;
  const tensors = Object.entries(weights).map(([name, w]) => {
    const t = { name, shape: w.shape, offset, length: w.data.length };
    offset += w.data.length;
    return t;
  });
  const blob = new Float32Array(offset);
  for (const t of tensors) blob.set(weights[t.name].data, t.offset);
  return { manifest: { format: 'inkling-weights/1', ...meta, tensors }, blob };
}

export function decodeWeights(manifest: unknown, blob: ArrayBuffer): { manifest: WeightsManifest; weights: NamedArrays } {
  const m = manifest as Partial<WeightsManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== 'inkling-weights/1') throw new Error('weights file: not an inkling-weights/1 manifest');
  if (!Array.isArray(m.tensors)) throw new Error('weights file: manifest has no tensor table');
  if (blob.byteLength % 4 !== 0) throw new Error(`weights file: data is ${blob.byteLength} bytes, not a whole number of float32 values`);
  const data = new Float32Array(blob);
  const weights: NamedArrays = {};
  for (const t of m.tensors) {
    if (typeof t.name !== 'string' || !Array.isArray(t.shape) || !Number.isInteger(t.offset) || !Number.isInteger(t.length)) {
      throw new Error('weights file: a tensor entry lacks name, shape, offset or length');
    }
    if (t.offset < 0 || t.offset + t.length > data.length) {
      throw new Error(`weights file: "${t.name}" reaches value ${t.offset + t.length} but the data holds ${data.length}`);
    }
    weights[t.name] = { shape: t.shape, data: data.slice(t.offset, t.offset + t.length) };
  }
  return { manifest: m as WeightsManifest, weights };
}

/** "cnn · 97.9% test accuracy", or just the model when the file has no accuracy. */
export function modelLabel(m: WeightsManifest): string {
  const acc = m.provenance?.testAccuracy;
  return typeof acc === 'number' && Number.isFinite(acc) ? `${m.model} · ${(acc * 100).toFixed(1)}% test accuracy` : m.model;
}
