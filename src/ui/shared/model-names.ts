// How the UI names a model. The engine's current model is a whole spec: one of the presets the
// form offers, or any other (a model file with layers of its own).
import { PRESETS, presetOf, sameValue, type Preset } from '../../model/presets';
import type { ModelSpec } from '../../model/spec';

// Structural equality of specs lives with the presets (src/model); the UI's modules take it from here.
export { presetOf, sameValue };

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
  return `inkling-${name}.safetensors`;
}
