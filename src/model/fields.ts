// The fields of a layer kind, declared once: the spec parser reads and checks raw JSON with them,
// and a form (the network builder) can render them. Each check names the field and the rule.
import { ACTIVATIONS } from './activation.ts';

export type Field =
  /** `suggest`: what a form proposes for a new layer when the field has no default (a conv's filters). */
  | { type: 'int'; min: number; max: number; default?: number; suggest?: number; label: string }
  | { type: 'number'; min: number; max: number; default?: number; label: string }
  | { type: 'choice'; options: readonly string[]; default?: string; label: string }
  | { type: 'bool'; default?: boolean; label: string };

export type Fields = Record<string, Field>;

export const activationField = (fallback = 'none'): Field => ({ type: 'choice', options: ACTIVATIONS, default: fallback, label: 'activation' });
export const biasField: Field = { type: 'bool', default: true, label: 'bias' };

/** A layer's problem: the parser and the graph prefix it with the layer's place and name. */
export class LayerError extends Error {}

function describe(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));
}

/** The value of one field of `raw`, its default where absent; throws naming the field and the rule. */
export function readField(raw: Record<string, unknown>, key: string, f: Field): unknown {
  const v = raw[key];
  if (v === undefined) {
    if (f.default === undefined) throw new LayerError(`${key} is missing`);
    return f.default;
  }
  switch (f.type) {
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < f.min || v > f.max) {
        throw new LayerError(`${key} must be a whole number from ${f.min} to ${f.max}, got ${describe(v)}`);
      }
      return v;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v) || v < f.min || v > f.max) {
        throw new LayerError(`${key} must be a number from ${f.min} to ${f.max}, got ${describe(v)}`);
      }
      return v;
    case 'choice':
      if (typeof v !== 'string' || !f.options.includes(v)) throw new LayerError(`${key} must be one of ${f.options.join(', ')}, got ${describe(v)}`);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw new LayerError(`${key} must be true or false, got ${describe(v)}`);
      return v;
  }
}
