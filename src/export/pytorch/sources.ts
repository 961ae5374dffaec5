// The Python files of the exported project, as the page's bundle carries them. The CLI reads the
// same files from src/export/pytorch/python/ (scripts/export/python-sources.ts).
import modelPy from './python/model.py?raw';
import safetensorsIoPy from './python/safetensors_io.py?raw';
import trainPy from './python/train.py?raw';
import type { PythonSources } from './project.ts';

export const PYTHON_SOURCES: PythonSources = { 'model.py': modelPy, 'train.py': trainPy, 'safetensors_io.py': safetensorsIoPy };
