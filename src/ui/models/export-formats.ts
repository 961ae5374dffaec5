// The model in use as a PyTorch project (a .zip) and as ONNX: the worker hands over the model
// file, as for "Export model", and src/export turns it into the other formats here. Loaded on
// first use, so the page's start carries none of it.
import { engine } from '../core/engine-client';
import { errorMessage } from '../core/error-message';
import { withPending } from '../core/pending';
import { updateSettings, useInkling } from '../core/store';
import { downloadFile } from '../shared/download';
import { modelFileName } from '../shared/model-names';

function baseName(): string {
  return modelFileName(useInkling.getState().engine.model).replace(/\.safetensors$/, '');
}

async function exportAs(make: (file: ArrayBuffer, name: string) => Promise<{ bytes: Uint8Array<ArrayBuffer>; name: string; type: string }>): Promise<void> {
  updateSettings({ importError: null });
  await withPending(async () => {
    try {
      const { bytes, name, type } = await make(await engine().exportModel(), baseName());
      downloadFile(bytes.buffer, name, type);
    } catch (error) {
      updateSettings({ importError: `Export failed: ${errorMessage(error)}` });
    }
  });
}

/** Downloads NAME-pytorch.zip: model.py, train.py, the model file and its recipe in one folder. */
export function exportPytorchProject(): Promise<void> {
  return exportAs(async (file, base) => {
    const [{ pytorchProject }, { PYTHON_SOURCES }, { strToU8, zipSync }] = await Promise.all([
      import('../../export/pytorch/project'),
      import('../../export/pytorch/sources'),
      import('fflate'),
    ]);
    const folder = `${base}-pytorch`;
    const files = pytorchProject(file, PYTHON_SOURCES, `${base}.safetensors`);
    const entries = Object.fromEntries(Object.entries(files).map(([name, c]) => [`${folder}/${name}`, typeof c === 'string' ? strToU8(c) : c]));
    return { bytes: zipSync(entries), name: `${folder}.zip`, type: 'application/zip' };
  });
}

/** Downloads NAME.onnx: the network for ONNX Runtime, logits and probabilities out. */
export function exportOnnx(): Promise<void> {
  return exportAs(async (file, base) => {
    const { toOnnx } = await import('../../export/onnx/export');
    return { bytes: toOnnx(file, `${base}.safetensors`, 'Inkling app'), name: `${base}.onnx`, type: 'application/octet-stream' };
  });
}
