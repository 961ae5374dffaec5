// No file of src/ or scripts/ may reach itself through its imports. A loop ties its files into one
// piece that can be neither read nor changed apart, and makes the order modules run in depend on
// which of them is imported first. (In the UI, the store imports slices only; what needs the
// engine and the store sits above both: src/ui/core/store.ts. In the session, the parts reach
// each other through the interfaces of src/worker/session/parts.ts.)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

type Graph = Map<string, string[]>;

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const FOLDERS = ['src', 'scripts'];

/** The relative specifiers a module imports or re-exports, type-only ones included: a type is an arrow too. */
function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
  });
}

function sourceGraph(): Graph {
  const files = new Set(FOLDERS.flatMap((f) => sourceFiles(join(ROOT, f))));
  const graph: Graph = new Map();
  for (const file of files) {
    const targets = importsOf(readFileSync(file, 'utf8'))
      .map((spec) => resolve(dirname(file), spec))
      .map((base) => [base, `${base}.ts`, `${base}.tsx`].find((c) => files.has(c)))
      .filter((t): t is string => t !== undefined);
    graph.set(
      relative(ROOT, file),
      targets.map((t) => relative(ROOT, t)),
    );
  }
  return graph;
}

/** The first loop found, as the files it runs through back to its start; null when there is none. */
function findLoop(graph: Graph): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | null => {
    const at = path.indexOf(file);
    if (at >= 0) return [...path.slice(at), file];
    if (done.has(file)) return null;
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const loop = visit(next);
      if (loop) return loop;
    }
    path.pop();
    done.add(file);
    return null;
  };
  for (const file of graph.keys()) {
    const loop = visit(file);
    if (loop) return loop;
  }
  return null;
}

describe('imports in src/ and scripts/', () => {
  it('no file reaches itself through its imports', () => {
    const graph = sourceGraph();
    // Read what it should: every folder's files and their arrows, not an empty graph that passes.
    expect(graph.size).toBeGreaterThan(250);
    expect(graph.get('src/ui/core/engine-client.ts')).toContain('src/ui/core/store.ts');
    expect(graph.get('src/worker/session/model-slot.ts')).toContain('src/worker/session/parts.ts');
    expect(findLoop(graph)?.join(' → ') ?? null).toBeNull();
  });

  it('finds a loop that closes through a type-only import, as the builder memory once did', () => {
    const sources: Record<string, string> = {
      'core/engine-client.ts': "import { applyEngineEvent } from './store';",
      'core/store.ts': "import { create } from 'zustand';\nimport { initialBuilder } from '../builder/builder-slice';",
      'builder/builder-slice.ts': "import type {\n  MemoryAnswer,\n} from './memory';",
      'builder/memory.ts': "import { engine } from '../core/engine-client';",
    };
    const graph: Graph = new Map(Object.entries(sources).map(([file, source]) => [file, importsOf(source).map((spec) => `${join(dirname(file), spec)}.ts`)]));
    expect(findLoop(graph)).toEqual(['core/engine-client.ts', 'core/store.ts', 'builder/builder-slice.ts', 'builder/memory.ts', 'core/engine-client.ts']);
    graph.set('builder/builder-slice.ts', []);
    expect(findLoop(graph)).toBeNull();
  });
});
