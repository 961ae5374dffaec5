// The Chromium host of `npm run train`: the CLI calls window.inklingTrain through Playwright.
import { loadMnistFromUrl } from '../../src/data/mnist-browser.ts';
import { GpuBackend } from '../../src/gpu/gpu-backend.ts';
import { CLI_ENGINE_EVENTS, runTraining, type TrainRequest, type TrainTick } from './run-training.ts';

declare global {
  interface Window {
    inklingTrain: (req: TrainRequest) => Promise<unknown>;
    inklingTick?: (t: TrainTick) => void;
  }
}

function base64(data: Float32Array): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

window.inklingTrain = async (req) => {
  const mnist = await loadMnistFromUrl('/data/');
  const backend = new GpuBackend(navigator.gpu);
  const engine = await backend.open(() => Promise.resolve(mnist), CLI_ENGINE_EVENTS);
  const { summary, weights } = await runTraining(engine, 'webgpu', mnist, req, (t) => window.inklingTick?.(t));
  const encoded = weights && Object.fromEntries(Object.entries(weights).map(([k, w]) => [k, { shape: w.shape, data: base64(w.data) }]));
  backend.device?.destroy();
  return { summary, weights: encoded };
};
