// A PyTorch project from an Inkling model file: model.py builds the network from the spec (its
// state_dict names and layouts are the file's), train.py trains it with the model's recipe on
// one device or many (torchrun), and the model file and recipe ride along. Pure: the page zips
// these files, the CLI writes them to a folder.
import { encodeModelFile } from '../../model/weights-file.ts';
import { readForExport } from '../model-input.ts';
import { recipeOf } from '../recipe.ts';
import { projectReadme } from './readme.ts';

export interface PythonSources {
  'model.py': string;
  'train.py': string;
  'safetensors_io.py': string;
}

/** The project's files by name: text as strings, the model file as bytes. */
export type ProjectFiles = Record<string, string | Uint8Array<ArrayBuffer>>;

export const PROJECT_MODEL_FILE = 'model.safetensors';

export function pytorchProject(file: ArrayBuffer, sources: PythonSources, name = 'model file'): ProjectFiles {
  const { meta, weights } = readForExport(file, name);
  const recipe = recipeOf(meta.provenance);
  return {
    'README.md': projectReadme(meta, recipe),
    ...sources,
    'recipe.json': `${JSON.stringify(recipe, null, 2)}\n`,
    [PROJECT_MODEL_FILE]: encodeModelFile(weights, meta),
  };
}
