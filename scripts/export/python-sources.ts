// The exported project's Python files, read from the tree (the page's bundle imports the same
// files with ?raw, which only a bundler resolves).
import { readFileSync } from 'node:fs';
import type { PythonSources } from '../../src/export/pytorch/project.ts';

const DIR = new URL('../../src/export/pytorch/python/', import.meta.url);

export function readPythonSources(): PythonSources {
  const read = (name: keyof PythonSources) => readFileSync(new URL(name, DIR), 'utf8');
  return { 'model.py': read('model.py'), 'train.py': read('train.py'), 'safetensors_io.py': read('safetensors_io.py') };
}
