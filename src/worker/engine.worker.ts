// The dedicated worker that owns the GPUDevice. The UI thread talks to it through comlink.
import { expose } from 'comlink';
import { loadMnistFromUrl } from '../data/mnist-browser.ts';
import { decodeWeights, modelLabel } from '../model/weights-file.ts';
import { DEFAULT_CONFIG, EngineSession } from './engine-session.ts';

/** The reader the page opens with: the most accurate model the engine has made (see its provenance). */
const PRETRAINED = 'reader';

const base = `${import.meta.env.BASE_URL}`;

const session = new EngineSession({
  gpu: navigator.gpu,
  loadData: (onProgress) => loadMnistFromUrl(`${base}data/`, (p) => onProgress(p.loaded, p.total)),
  async loadPretrained() {
    const manifestResponse = await fetch(`${base}pretrained/${PRETRAINED}.json`);
    // A missing file is a 404, or the dev server's index.html in its place.
    if (manifestResponse.status === 404 || !(manifestResponse.headers.get('content-type') ?? '').includes('json')) return null;
    if (!manifestResponse.ok) throw new Error(`pretrained manifest: HTTP ${manifestResponse.status}`);
    const blobResponse = await fetch(`${base}pretrained/${PRETRAINED}.bin`);
    if (!blobResponse.ok) throw new Error(`pretrained weights: HTTP ${blobResponse.status}`);
    const { manifest, weights } = decodeWeights(await manifestResponse.json(), await blobResponse.arrayBuffer());
    const p = manifest.provenance;
    return {
      // A run cut short has a fractional epoch count; the config takes whole epochs.
      config: { ...DEFAULT_CONFIG, model: manifest.spec, batchSize: p.batch, epochs: Math.min(50, Math.max(1, Math.ceil(p.epochs))) },
      weights,
      label: modelLabel(manifest),
    };
  },
});

expose(session);
