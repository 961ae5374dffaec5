// The model a CLI was asked for: a preset by --model NAME, or a spec file by --spec FILE.json.
// `npm run train` and `npm run bench` read it the same way, with the same messages.
import { readFileSync } from 'node:fs';
import { DEFAULT_PRESET, preset } from '../../src/model/presets.ts';
import { parseModelSpecText, type ModelSpec } from '../../src/model/spec.ts';

/** A preset by name, or a spec read from a JSON file; `fallback` (a preset) when neither is given. */
export function readModelArg(name: string | undefined, specPath: string | undefined, fallback = DEFAULT_PRESET): ModelSpec {
  if (name !== undefined && specPath !== undefined) throw new Error('give --model or --spec, not both');
  if (specPath === undefined) return preset(name ?? fallback);
  let text: string;
  try {
    text = readFileSync(specPath, 'utf8');
  } catch (e) {
    throw new Error(`--spec ${specPath}: cannot read it (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    return parseModelSpecText(text);
  } catch (e) {
    throw new Error(`--spec ${specPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
