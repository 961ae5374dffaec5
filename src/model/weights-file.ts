// The model file: safetensors (see safetensors.ts), so PyTorch, Hugging Face and numpy read it,
// with the whole model spec and how the model was made in its __metadata__. Used for the pretrained
// reader that ships with the app, for `npm run train -- --save`, and for the app's export and
// import. Reading checks everything and names the first problem; loading then builds exactly the
// spec the file carries. The JSON files of earlier versions (a manifest with the weights inline as
// base64, formats 1 and 2) still load.
import { preset } from './presets.ts';
import { buildGraph, MAX_PARAMS, packWeights, type NamedTensors } from './graph.ts';
import { decodeSafetensors, encodeSafetensors, looksLikeSafetensors } from './safetensors.ts';
import { parseModelSpec, type ModelSpec } from './spec.ts';

export const MODEL_FORMAT = 'inkling/3';

/**
 * Files larger than this are refused before they are read: the largest network the engine
 * allows (MAX_PARAMS float32 values) with room for its running statistics and header.
 */
export const MAX_MODEL_FILE_BYTES = MAX_PARAMS * 4 + 4 * 1024 * 1024;

/** One stage of how a model was made: the command, steps, batch, and its test accuracy (0..1; NaN or null when untested). */
export interface ProvenanceStage {
  /** The command line, or what made it ("trained in the Inkling app"). */
  command: string;
  /**
   * The git commit the command ran at (`npm run train` records it; "+dirty" when tracked files
   * had changes): a later kernel may sum in another order, and so train to other weights.
   */
  commit?: string;
  epochs: number;
  steps: number;
  batch: number;
  testAccuracy: number;
  testLoss: number;
  /** How many test images the accuracy is of (10,000: MNIST's whole test set). */
  testImages?: number;
  adapter: string;
  /** What trained it, where not Inkling ("PyTorch 2.4"). */
  trainer?: string;
  /** The stage's training settings: optimizer, rate, schedule, batch, augmentation (src/export/recipe.ts). */
  settings?: Record<string, unknown>;
}

/** A model's latest stage, with every stage so far (src/model/provenance.ts); files from before histories have none. */
export interface Provenance extends ProvenanceStage {
  history?: ProvenanceStage[];
}

export interface ModelFileMeta {
  /** The network the tensors belong to. */
  spec: ModelSpec;
  provenance: Provenance;
}

/** A model as a safetensors file: the tensors in the graph's order, spec and provenance as JSON strings in the metadata. */
export function encodeModelFile(weights: NamedTensors, meta: ModelFileMeta): Uint8Array<ArrayBuffer> {
  return encodeSafetensors(weights, { format: MODEL_FORMAT, spec: JSON.stringify(meta.spec), provenance: JSON.stringify(meta.provenance) });
}

/** Decodes and checks a model file, safetensors or an earlier version's JSON; `name` names it in messages. */
export function decodeModelFile(bytes: ArrayBuffer, name = 'model file'): { meta: ModelFileMeta; weights: NamedTensors } {
  if (bytes.byteLength > MAX_MODEL_FILE_BYTES) {
    throw new Error(`${name} is ${(bytes.byteLength / 2 ** 20).toFixed(0)} MiB, over the ${MAX_MODEL_FILE_BYTES / 2 ** 20} MiB a model file may be`);
  }
  if (looksLikeSafetensors(bytes)) return decodeSafetensorsModel(bytes, name);
  const head = new TextDecoder().decode(new Uint8Array(bytes, 0, Math.min(64, bytes.byteLength))).trimStart();
  if (head.startsWith('{')) return decodeJsonModel(new TextDecoder().decode(bytes), name);
  // A JSON header after eight bytes is a safetensors file whose header length is wrong: its
  // decoder names what is wrong with it.
  if (bytes.byteLength > 8 && new Uint8Array(bytes, 8, 1)[0] === 0x7b) return decodeSafetensorsModel(bytes, name);
  throw new Error(`${name} is not an Inkling model file (neither safetensors nor JSON)`);
}

function decodeSafetensorsModel(bytes: ArrayBuffer, name: string): { meta: ModelFileMeta; weights: NamedTensors } {
  const { metadata, tensors } = decodeSafetensors(bytes, name);
  if (metadata.format !== MODEL_FORMAT) {
    throw new Error(
      `${name}: a safetensors file, but not an Inkling model (its __metadata__ format is ${JSON.stringify(metadata.format ?? null)}, expected "${MODEL_FORMAT}")`,
    );
  }
  const json = (key: string): unknown => {
    try {
      return JSON.parse(metadata[key] ?? 'null');
    } catch {
      throw new Error(`${name}: __metadata__.${key} is not JSON`);
    }
  };
  const spec = parsedSpec(json('spec'), name);
  packWeights(buildGraph(spec), tensors);
  return { meta: { spec, provenance: (json('provenance') ?? {}) as Provenance }, weights: tensors };
}

/** An earlier version's export: the format 1 or 2 manifest with the float32 data inline as base64 under "data". */
function decodeJsonModel(text: string, name: string): { meta: ModelFileMeta; weights: NamedTensors } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${name} is not an Inkling model file (it is not JSON)`);
  }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as { data?: unknown }).data !== 'string') {
    throw new Error(`${name} is not an Inkling model file (no "data" field with the weights)`);
  }
  const { data, ...manifest } = parsed as { data: string };
  let binary: string;
  try {
    binary = atob(data);
  } catch {
    throw new Error(`${name}: the weights are not valid base64`);
  }
  const blob = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) blob[i] = binary.charCodeAt(i);
  return decodeWeights(manifest, blob.buffer);
}

function parsedSpec(raw: unknown, name: string): ModelSpec {
  try {
    return parseModelSpec(raw);
  } catch (e) {
    throw new Error(`${name}: its spec is not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The tensor table of the JSON formats (1 and 2). */
interface LegacyManifest {
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
}

/** The spec a manifest names: its own (format 2) or, for format 1 files, the preset of its model name. */
function specOf(m: Record<string, unknown>): ModelSpec {
  if (m.format === 'inkling-weights/1') {
    if (typeof m.model !== 'string') throw new Error('weights file: a format 1 manifest must name its model');
    return preset(m.model);
  }
  if (m.format !== 'inkling-weights/2') throw new Error(`weights file: not an Inkling model manifest (format ${JSON.stringify(m.format)})`);
  return parsedSpec(m.spec, 'weights file');
}

/** Decodes and checks an earlier version's manifest and data: every tensor of its spec present once, with its shape, finite. */
export function decodeWeights(manifest: unknown, blob: ArrayBuffer): { meta: ModelFileMeta; weights: NamedTensors } {
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new Error('weights file: the manifest is not a JSON object');
  const m = manifest as Record<string, unknown>;
  const spec = specOf(m);
  if (!Array.isArray(m.tensors)) throw new Error('weights file: manifest has no tensor table');
  if (blob.byteLength % 4 !== 0) throw new Error(`weights file: data is ${blob.byteLength} bytes, not a whole number of float32 values`);
  const data = new Float32Array(blob);
  const weights: NamedTensors = {};
  let used = 0;
  for (const t of m.tensors as Partial<LegacyManifest['tensors'][number]>[]) {
    if (!t || typeof t.name !== 'string' || !Array.isArray(t.shape) || !Number.isInteger(t.offset) || !Number.isInteger(t.length)) {
      throw new Error('weights file: a tensor entry lacks name, shape, offset or length');
    }
    const { name, offset, length } = t as LegacyManifest['tensors'][number];
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
  return { meta: { spec, provenance: (m.provenance ?? {}) as Provenance }, weights };
}

/** The name a model file's weights go by: its network's. */
export function modelLabel(m: ModelFileMeta): string {
  return m.spec.name;
}

/**
 * The test accuracy a model file recorded when it was made, or null when it records none (or
 * none a test can give). A claim about the weights, which only a test on this engine confirms.
 */
export function recordedAccuracy(m: ModelFileMeta): number | null {
  const acc = m.provenance?.testAccuracy;
  return typeof acc === 'number' && acc >= 0 && acc <= 1 ? acc : null;
}
