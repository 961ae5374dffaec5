// The saved-model format: a JSON manifest (the whole model spec, provenance, tensor table) beside
// one little-endian float32 blob. Used for the pretrained model that ships with the app, for
// `npm run train -- --save` and for the app's export and import. Reading checks everything and
// names the first problem; loading then builds exactly the spec the file carries.
import { preset } from './presets.ts';
import { buildGraph, packWeights, type NamedTensors } from './graph.ts';
import { parseModelSpec, type ModelSpec } from './spec.ts';

export const WEIGHTS_FORMAT = 'inkling-weights/2';

export interface WeightsManifest {
  format: typeof WEIGHTS_FORMAT;
  /** The network the tensors belong to. */
  spec: ModelSpec;
  /** How it was made: the command, steps, batch, and its test accuracy (0..1). */
  provenance: { command: string; epochs: number; steps: number; batch: number; testAccuracy: number; testLoss: number; adapter: string };
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
}

export function encodeWeights(
  weights: NamedTensors,
  meta: Omit<WeightsManifest, 'format' | 'tensors'>,
): { manifest: WeightsManifest; blob: Float32Array<ArrayBuffer> } {
  let offset = 0;
  const tensors = Object.entries(weights).map(([name, w]) => {
    const t = { name, shape: w.shape, offset, length: w.data.length };
    offset += w.data.length;
    return t;
  });
  const blob = new Float32Array(offset);
  for (const t of tensors) blob.set(weights[t.name].data, t.offset);
  return { manifest: { format: WEIGHTS_FORMAT, ...meta, tensors }, blob };
}

/** The spec a manifest names: its own (format 2) or, for format 1 files, the preset of its model name. */
function specOf(m: Record<string, unknown>): ModelSpec {
  if (m.format === 'inkling-weights/1') {
    if (typeof m.model !== 'string') throw new Error('weights file: a format 1 manifest must name its model');
    return preset(m.model);
  }
  if (m.format !== WEIGHTS_FORMAT)
    throw new Error(`weights file: not an Inkling model manifest (format ${JSON.stringify(m.format)}, expected "${WEIGHTS_FORMAT}")`);
  try {
    return parseModelSpec(m.spec);
  } catch (e) {
    throw new Error(`weights file: its spec is not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Decodes and checks a model file: every tensor of its spec present once, with its shape, finite. */
export function decodeWeights(manifest: unknown, blob: ArrayBuffer): { manifest: WeightsManifest; weights: NamedTensors } {
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new Error('weights file: the manifest is not a JSON object');
  const m = manifest as Record<string, unknown>;
  const spec = specOf(m);
  if (!Array.isArray(m.tensors)) throw new Error('weights file: manifest has no tensor table');
  if (blob.byteLength % 4 !== 0) throw new Error(`weights file: data is ${blob.byteLength} bytes, not a whole number of float32 values`);
  const data = new Float32Array(blob);
  const weights: NamedTensors = {};
  let used = 0;
  for (const t of m.tensors as Partial<WeightsManifest['tensors'][number]>[]) {
    if (!t || typeof t.name !== 'string' || !Array.isArray(t.shape) || !Number.isInteger(t.offset) || !Number.isInteger(t.length)) {
      throw new Error('weights file: a tensor entry lacks name, shape, offset or length');
    }
    const { name, offset, length } = t as WeightsManifest['tensors'][number];
    if (Object.hasOwn(weights, name)) throw new Error(`weights file: "${name}" is listed twice`);
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new Error(`weights file: "${name}" reaches value ${offset + length} but the data holds ${data.length}`);
    }
    weights[name] = { shape: t.shape, data: data.slice(offset, offset + length) };
    used += length;
  }
  if (used !== data.length) throw new Error(`weights file: the data holds ${data.length} values but the tensors use ${used}`);
  // Names, shapes and values against the spec, before anything is built.
  packWeights(buildGraph(spec), weights);
  const provenance = (m.provenance ?? {}) as WeightsManifest['provenance'];
  return { manifest: { format: WEIGHTS_FORMAT, spec, provenance, tensors: m.tensors as WeightsManifest['tensors'] }, weights };
}

/** "cnn · 97.9% test accuracy", or just the model's name when the file has no accuracy. */
export function modelLabel(m: WeightsManifest): string {
  const acc = m.provenance?.testAccuracy;
  return typeof acc === 'number' && Number.isFinite(acc) ? `${m.spec.name} · ${(acc * 100).toFixed(1)}% test accuracy` : m.spec.name;
}
