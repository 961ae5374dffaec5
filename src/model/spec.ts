// A model is data: JSON a user can write, share in a link and keep in a file. This module holds
// its types and the one parser every entry point uses (the CLI's --spec, model files, links).
import { LayerError, readField } from './fields.ts';
import type { LayerSpec } from './layer-spec.ts';
import { LAYER_KINDS, LAYER_KIND_NAMES, type LayerKindName } from './registry.ts';
import type { Shape } from './shape.ts';

export interface ModelSpec {
  name: string;
  /** Per-sample input, [channels, height, width]: MNIST's [1, 28, 28]. */
  input: Shape;
  classes: number;
  layers: LayerSpec[];
}

/** What the data gives: every model reads 28×28 grey images and names 10 classes. */
export const MNIST_INPUT: Shape = [1, 28, 28];
export const MNIST_CLASSES = 10;
export const MAX_LAYERS = 64;
const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** A spec that does not parse; `layer` is the 0-based index of the layer at fault, if one is. */
export class SpecError extends Error {
  constructor(
    message: string,
    readonly layer: number | null = null,
  ) {
    super(message);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Names unnamed layers by kind and count (conv1, conv2, …), never taking a name the spec gives a layer. */
class LayerNamer {
  private readonly counts = new Map<string, number>();
  constructor(private readonly taken: ReadonlySet<unknown>) {}
  next(prefix: string): string {
    let name: string;
    do {
      const n = (this.counts.get(prefix) ?? 0) + 1;
      this.counts.set(prefix, n);
      name = `${prefix}${n}`;
    } while (this.taken.has(name));
    return name;
  }
}

function parseLayer(raw: unknown, index: number, namer: LayerNamer): LayerSpec {
  const where = `layer ${index + 1}`;
  if (!isObject(raw)) throw new SpecError(`${where}: must be an object like {"kind":"dense","units":10}`, index);
  const kind = raw.kind;
  if (typeof kind !== 'string' || !(LAYER_KIND_NAMES as readonly string[]).includes(kind)) {
    throw new SpecError(`${where}: unknown kind ${JSON.stringify(kind)}; the kinds are ${LAYER_KIND_NAMES.join(', ')}`, index);
  }
  const k = LAYER_KINDS[kind as LayerKindName];
  const name = raw.name ?? namer.next(k.prefix);
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new SpecError(`${where} (${kind}): name must be letters, digits, _ or - (starting with a letter), got ${JSON.stringify(name)}`, index);
  }
  const label = `${where} (${name}, ${kind})`;
  const allowed = new Set(['kind', 'name', ...Object.keys(k.fields)]);
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) throw new SpecError(`${label}: unknown field "${key}"; ${kind} takes ${[...allowed].slice(2).join(', ') || 'no fields'}`, index);
  }
  const filled = k.complete ? k.complete(raw) : raw;
  const spec: Record<string, unknown> = { kind, name };
  for (const [key, field] of Object.entries(k.fields)) {
    try {
      spec[key] = readField(filled, key, field);
    } catch (e) {
      throw new SpecError(`${label}: ${e instanceof LayerError ? e.message : String(e)}`, index);
    }
  }
  return spec as unknown as LayerSpec;
}

/**
 * Reads a model spec from parsed JSON: checks every field, fills defaults, names unnamed layers
 * (conv1, pool1, …). Shapes are checked by buildGraph, which the caller runs next.
 */
export function parseModelSpec(raw: unknown): ModelSpec {
  if (!isObject(raw)) throw new SpecError('model spec: must be a JSON object with "layers"');
  const allowed = ['name', 'input', 'classes', 'layers'];
  for (const key of Object.keys(raw)) if (!allowed.includes(key)) throw new SpecError(`model spec: unknown field "${key}"; a spec has ${allowed.join(', ')}`);
  const name = raw.name ?? 'custom';
  if (typeof name !== 'string' || name.length === 0 || name.length > 64)
    throw new SpecError(`model spec: name must be text of 1 to 64 characters, got ${JSON.stringify(name)}`);
  const input = raw.input ?? MNIST_INPUT;
  if (!Array.isArray(input) || input.length !== MNIST_INPUT.length || input.some((d, i) => d !== MNIST_INPUT[i])) {
    throw new SpecError(`model spec: input must be [${MNIST_INPUT.join(', ')}] (MNIST's grey 28×28 images), got ${JSON.stringify(input)}`);
  }
  const classes = raw.classes ?? MNIST_CLASSES;
  if (classes !== MNIST_CLASSES) throw new SpecError(`model spec: classes must be ${MNIST_CLASSES} (MNIST's digits), got ${JSON.stringify(classes)}`);
  if (!Array.isArray(raw.layers) || raw.layers.length === 0) throw new SpecError('model spec: layers must be a non-empty list');
  if (raw.layers.length > MAX_LAYERS) throw new SpecError(`model spec: ${raw.layers.length} layers; at most ${MAX_LAYERS}`);
  const namer = new LayerNamer(new Set(raw.layers.map((l) => (isObject(l) ? l.name : undefined))));
  const layers: LayerSpec[] = [];
  const seen = new Set<string>();
  for (const [i, l] of raw.layers.entries()) {
    const spec = parseLayer(l, i, namer);
    if (seen.has(spec.name)) throw new SpecError(`layer ${i + 1}: the name "${spec.name}" is used twice`, i);
    seen.add(spec.name);
    layers.push(spec);
  }
  return { name, input: [...MNIST_INPUT], classes, layers };
}

/** Parses spec JSON text; a syntax error is named as such. */
export function parseModelSpecText(text: string): ModelSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SpecError(`model spec: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseModelSpec(raw);
}
