// The Node host of `npm run train -- --runtime node`: Dawn (npm `webgpu`) on whatever Vulkan
// driver the machine has. The CLI bundles itself (scripts/lib/bundle-node.ts) to run this.
import '../lib/node-globals.ts';
import { resolve } from 'node:path';
import { loadMnistFromDisk } from '../../src/data/mnist-node.ts';
import { GpuBackend } from '../../src/gpu/gpu-backend.ts';
import { CLI_ENGINE_EVENTS, runTraining, type TrainRequest, type TrainTick } from './run-training.ts';

export async function trainOnNode(req: TrainRequest, dataDir: string | undefined, onTick: (t: TrainTick) => void) {
  // Bundled into dist/, the module's own URL no longer points into the project: use the cwd.
  const mnist = await loadMnistFromDisk(dataDir ?? resolve('public/data'));
  // navigator.gpu (set by node-globals) holds the Dawn instance for the life of the process: if it
  // were garbage-collected, its devices would die with it and Node would crash in native code.
  // No device.destroy(): Dawn for Node can crash tearing a device down; the process exit frees it.
  const engine = await new GpuBackend(navigator.gpu).open(() => Promise.resolve(mnist), CLI_ENGINE_EVENTS);
  return runTraining(engine, 'webgpu', mnist, req, onTick);
}
