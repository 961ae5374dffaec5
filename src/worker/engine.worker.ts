// The dedicated worker that owns the engine (the GPU one, or the CPU one where WebGPU is missing). The UI thread talks to it through comlink.
import { expose } from 'comlink';
import { decodeModelFile, modelLabel } from '../model/weights-file.ts';
import { GpuBackend } from '../gpu/gpu-backend.ts';
import { CpuBackend } from '../cpu/cpu-backend.ts';
import { openCpuReader, prepareCpuReader } from '../cpu/cpu-reader.ts';
import { ONE_THREAD } from '../cpu/threads.ts';
import { ThreadPool } from '../cpu/threads/pool.ts';
import { browserCores, browserThreadSpawner } from './cpu-threads.ts';
import { FallbackBackend } from './fallback-backend.ts';
import { loadMnistOffThread } from './mnist-loader.ts';
import { DEFAULT_CONFIG, EngineSession } from './engine-session.ts';
import { TAKE_OVER_WORKER } from './protocol.ts';
import { IdbStore } from './persist/idb-store.ts';
import { LockedRun } from './persist/run-owner.ts';

/** The reader the page opens with: the most accurate model the engine has made (see its provenance). */
const PRETRAINED = 'reader';

const base = `${import.meta.env.BASE_URL}`;

// Asked for as the worker starts, while the page connects and the saved run is read, with the
// first reader's kernels: a page with no saved run reads its first digit with these weights.
// Where a run was saved the file goes unread.
const shippedFile = fetch(`${base}pretrained/${PRETRAINED}.safetensors`);
shippedFile.catch(() => undefined);
prepareCpuReader(ONE_THREAD);

const session = new EngineSession({
  // The GPU engine where WebGPU gives a device, else the CPU engine on as many threads as the page's isolation allows.
  backend: new FallbackBackend(
    new GpuBackend(navigator.gpu),
    async () => new CpuBackend(await ThreadPool.open(browserCores(), browserThreadSpawner)),
    'gpu' in navigator,
  ),
  // The first digits are read on the CPU, on this thread: no shaders to compile, no pool to start.
  openReader: (config, weights) => openCpuReader(ONE_THREAD, config, weights),
  store: new IdbStore(),
  // One tab at a time writes the run: the others open it read-only (persist/run-owner.ts).
  owner: new LockedRun(navigator.locks),
  // On a thread of its own, so the first reader's answers never wait behind the download.
  loadData: (onProgress) => loadMnistOffThread(`${base}data/`, onProgress),
  async loadPretrained() {
    const response = await shippedFile;
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`pretrained model: HTTP ${response.status}`);
    const file = await response.arrayBuffer();
    // A dev server answers a missing file with its index.html.
    if (new TextDecoder().decode(file.slice(0, 16)).trimStart().startsWith('<')) return null;
    const { meta, weights } = decodeModelFile(file, `${PRETRAINED}.safetensors`);
    const p = meta.provenance;
    return {
      // A run cut short has a fractional epoch count; the config takes whole epochs.
      config: { ...DEFAULT_CONFIG, model: meta.spec, batchSize: p.batch, epochs: Math.min(50, Math.max(1, Math.ceil(p.epochs))) },
      weights,
      label: modelLabel(meta),
      testAccuracy: p.testAccuracy,
      provenance: p,
    };
  },
});

// The session starts now, not when the page's connect comes: that message waits for the page's
// thread, busy with the page's code as the worker starts (engine-session.ts, startAhead).
session.startAhead({ takeOver: self.name === TAKE_OVER_WORKER });
expose(session);
