// The network builder's draft: the layers as plain JSON objects, exactly what a spec file holds,
// so every edit is checked by the model's own parser and graph (nothing is validated twice).
// Layers carry no names: the parser names them by place, so a moved layer is renamed with it.
import { layerCosts, networkCost, type LayerCost, type NetworkCost } from '../../model/costs';
import { LayerError, readField, type Field } from '../../model/fields';
import { buildGraph, resolveLayers } from '../../model/graph';
import { LAYER_KINDS, type LayerKindName } from '../../model/registry';
import { parseModelSpec, SpecError, type ModelSpec } from '../../model/spec';
import { parseNumberText } from '../shared/number-text';

export type RawLayer = { kind: LayerKindName } & Record<string, unknown>;

/** One row of the builder; `key` only keeps React's rows (and their focus) with their layer when it moves. */
export interface DraftLayer {
  key: number;
  raw: RawLayer;
}

export interface NetworkDraft {
  name: string;
  layers: DraftLayer[];
}

export type DraftCheck =
  | { ok: true; spec: ModelSpec; cost: NetworkCost }
  /**
   * `layer`: the 0-based index of the layer at fault, null when the problem is the whole network's.
   * `costs`: those of the layers that resolve before the problem (none while a field is bad).
   */
  | { ok: false; message: string; layer: number | null; costs: LayerCost[] };

let nextKey = 1;
const row = (raw: RawLayer): DraftLayer => ({ key: nextKey++, raw });

/** A parsed spec as a draft: every field filled in, names dropped. */
export function draftOf(spec: ModelSpec): NetworkDraft {
  return {
    name: spec.name,
    layers: spec.layers.map(({ name: _name, ...raw }) => row(raw as RawLayer)),
  };
}

/** A new layer of `kind` with its defaults (a suggested value where a field has none). */
export function newLayer(kind: LayerKindName): DraftLayer {
  return row(layerOfKind(kind, {}));
}

/**
 * A layer of `kind` that keeps what it can of `carried`: each of its fields takes the carried
 * value when it accepts it, else its default (a suggestion where it has none).
 */
function layerOfKind(kind: LayerKindName, carried: Record<string, unknown>): RawLayer {
  const k = LAYER_KINDS[kind];
  const raw: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(k.fields)) {
    const fallback = f.type === 'int' ? (f.default ?? f.suggest) : f.default;
    const value = key in carried && accepts(carried, key, f) ? carried[key] : fallback;
    if (value !== undefined) raw[key] = value;
  }
  return { ...(k.complete ? k.complete(raw) : raw), kind };
}

function accepts(raw: Record<string, unknown>, key: string, f: Field): boolean {
  try {
    readField(raw, key, f);
    return true;
  } catch (e) {
    if (e instanceof LayerError) return false;
    throw e;
  }
}

/**
 * Turns a layer into one of another kind in its place (the row keeps its key, so its focus stays).
 * A value its old kind would have filled in by itself was never chosen, so the new kind's own
 * default wins there: a conv's stride 1 must not make a pool overlap, nor a pool's stride 2 (its
 * size) make a conv skip pixels. Chosen values the new kind accepts stay (a conv's relu on a
 * dense). No name is carried: the parser names the layer after its new kind.
 */
export function changeKind(draft: NetworkDraft, index: number, kind: LayerKindName): NetworkDraft {
  return {
    ...draft,
    layers: draft.layers.map((l, i) => {
      if (i !== index || l.raw.kind === kind) return l;
      const fields = LAYER_KINDS[l.raw.kind].fields;
      const chosen = Object.fromEntries(Object.entries(l.raw).filter(([key, value]) => key in fields && value !== defaultOf(l.raw, key)));
      return { ...l, raw: layerOfKind(kind, chosen) };
    }),
  };
}

/** What a layer's kind fills in for `key` when the layer leaves it out; undefined where it needs a value. */
function defaultOf(raw: RawLayer, key: string): unknown {
  const k = LAYER_KINDS[raw.kind];
  const without = Object.fromEntries(Object.entries(raw).filter(([other]) => other !== key));
  return (k.complete ? k.complete(without) : without)[key] ?? k.fields[key].default;
}

/** Inserts before the last layer, which must stay the 10-way output. */
export function addLayer(draft: NetworkDraft, kind: LayerKindName): NetworkDraft {
  const layers = [...draft.layers];
  layers.splice(Math.max(layers.length - 1, 0), 0, newLayer(kind));
  return { ...draft, layers };
}

export function removeLayer(draft: NetworkDraft, index: number): NetworkDraft {
  return { ...draft, layers: draft.layers.filter((_, i) => i !== index) };
}

/** Moves a layer one place up (-1) or down (+1); at either end it stays. */
export function moveLayer(draft: NetworkDraft, index: number, by: -1 | 1): NetworkDraft {
  const to = index + by;
  if (to < 0 || to >= draft.layers.length) return draft;
  const layers = [...draft.layers];
  [layers[index], layers[to]] = [layers[to], layers[index]];
  return { ...draft, layers };
}

export function setLayerField(draft: NetworkDraft, index: number, key: string, value: unknown): NetworkDraft {
  return { ...draft, layers: draft.layers.map((l, i) => (i === index ? { ...l, raw: { ...l.raw, [key]: value } } : l)) };
}

/** The draft as spec JSON: what the parser, a link and a file hold. */
export function draftJson(draft: NetworkDraft): { name: string; layers: RawLayer[] } {
  return { name: draft.name, layers: draft.layers.map((l) => l.raw) };
}

/** Parses and builds the draft: the spec with its costs, or the first problem and its layer. */
export function checkDraft(draft: NetworkDraft): DraftCheck {
  let spec: ModelSpec;
  try {
    spec = parseModelSpec(draftJson(draft));
  } catch (e) {
    return failure(e, []);
  }
  try {
    return { ok: true, spec, cost: networkCost(buildGraph(spec)) };
  } catch (e) {
    return failure(e, layerCosts(resolveLayers(spec).layers));
  }
}

function failure(e: unknown, costs: LayerCost[]): DraftCheck {
  if (e instanceof SpecError) return { ok: false, message: e.message, layer: e.layer, costs };
  return { ok: false, message: e instanceof Error ? e.message : String(e), layer: null, costs };
}

/** Each field's own problem (a value out of range, not a number), so every bad choice is named, not only the first. */
export function fieldProblems(raw: RawLayer): Record<string, string> {
  const k = LAYER_KINDS[raw.kind];
  const filled = k.complete ? k.complete(raw) : raw;
  const problems: Record<string, string> = {};
  for (const [key, f] of Object.entries(k.fields)) {
    try {
      readField(filled, key, f);
    } catch (e) {
      if (e instanceof LayerError) problems[key] = e.message;
      else throw e;
    }
  }
  return problems;
}

/** A number field's text as the value the spec holds: a number when it reads as one, else the text (which the parser then names). */
export function valueFromText(text: string): number | string {
  return parseNumberText(text) ?? text;
}
