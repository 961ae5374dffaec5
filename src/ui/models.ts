// How the UI names a model. The engine's current model is a whole spec: one of the presets the
// form offers, or any other (a model file with layers of its own).
import { PRESETS, type Preset } from '../model/presets';
import type { ModelSpec } from '../model/spec';

/** Deep equality of JSON values: two specs are the same network when they are equal field for field. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The preset this spec is, layer for layer; null for any other spec, even one that borrows a preset's name. */
export function presetOf(spec: ModelSpec): Preset | null {
  return PRESETS.find((p) => sameValue(p.spec, spec)) ?? null;
}

/** The preset of that name, or null. */
export function presetNamed(name: string): Preset | null {
  return PRESETS.find((p) => p.spec.name === name) ?? null;
}

/** "CNN" for a preset; "my-net (custom)" for any other spec. */
export function modelTitle(spec: ModelSpec): string {
  return presetOf(spec)?.label ?? `${spec.name} (custom)`;
}

/** A download name for the model: "inkling-cnn.json"; a spec's name may hold any text, the file name not. */
export function modelFileName(spec: ModelSpec | null): string {
  const name = (spec?.name ?? 'model').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
  return `inkling-${name}.json`;
}
