// Faults put into the real engine worker from the test, at a chosen moment of its own work: the
// worker closed from inside as a command arrives or as a plan starts allocating (as a crash
// would end it: no event reaches the page), and a plan's build held at its error scopes until the
// test has crashed the GPU process. Nothing is mocked: each hook wraps the real call and then
// makes it.
import type { Page, Worker } from '@playwright/test';
import { expect } from './fixtures';

/** The page's engine worker (a restart makes a new one). */
export async function engineWorker(page: Page): Promise<Worker> {
  let found: Worker | undefined;
  await expect.poll(() => (found = page.workers().find((w) => w.url().includes('engine.worker'))) !== undefined, { message: 'the engine worker' }).toBe(true);
  return found!;
}

/** The worker closes itself as soon as the page's call of `method` reaches it (the call has begun, and never answers). */
export async function closeWorkerOnCall(worker: Worker, method: string): Promise<void> {
  await worker.evaluate((name) => {
    self.addEventListener('message', (e: MessageEvent) => {
      const path = (e.data as { path?: unknown } | null)?.path;
      if (Array.isArray(path) && path[0] === name) self.close();
    });
  }, method);
}

/** The worker closes itself when a GPU buffer whose label starts with `label` is made (a plan of that name is being built). */
export async function closeWorkerOnBuffer(worker: Worker, label: string): Promise<void> {
  await worker.evaluate((prefix) => {
    const create = Reflect.get<GPUDevice, 'createBuffer'>(GPUDevice.prototype, 'createBuffer');
    GPUDevice.prototype.createBuffer = function (this: GPUDevice, d: GPUBufferDescriptor) {
      if (d.label?.startsWith(prefix)) self.close();
      return create.call(this, d);
    };
  }, label);
}

declare global {
  // The hold's flags, on the worker's global.
  var __inklingBuilding: boolean | undefined;
  var __inklingRelease: boolean | undefined;
}

/**
 * Once a buffer labelled `label`… is made, every error scope popped waits until `release`: the
 * build of that plan stands still between its allocations and its verdict. Returns `building`
 * (whether it has begun) and `release` (the scopes are popped, on the device as it is by then).
 */
export async function holdBuild(worker: Worker, label: string): Promise<{ building: () => Promise<boolean>; release: () => Promise<void> }> {
  await worker.evaluate((prefix) => {
    const create = Reflect.get<GPUDevice, 'createBuffer'>(GPUDevice.prototype, 'createBuffer');
    GPUDevice.prototype.createBuffer = function (this: GPUDevice, d: GPUBufferDescriptor) {
      if (d.label?.startsWith(prefix)) globalThis.__inklingBuilding = true;
      return create.call(this, d);
    };
    const pop = Reflect.get<GPUDevice, 'popErrorScope'>(GPUDevice.prototype, 'popErrorScope');
    GPUDevice.prototype.popErrorScope = async function (this: GPUDevice) {
      while (globalThis.__inklingBuilding && !globalThis.__inklingRelease) await new Promise((r) => setTimeout(r, 20));
      return pop.call(this);
    };
  }, label);
  return {
    building: () => worker.evaluate(() => globalThis.__inklingBuilding === true),
    release: () => worker.evaluate(() => void (globalThis.__inklingRelease = true)),
  };
}

/** A model file of one dense layer whose bias makes every answer a 3: what it says is unmistakable. */
export function alwaysThreeFile(): { name: string; mimeType: string; buffer: Buffer } {
  const weights = new Float32Array(784 * 10 + 10);
  weights[784 * 10 + 3] = 20;
  const file = {
    format: 'inkling-weights/2',
    spec: { name: 'tiny', layers: [{ kind: 'dense', units: 10 }] },
    provenance: { testAccuracy: 0.1 },
    tensors: [
      { name: 'dense1.weight', shape: [784, 10], offset: 0, length: 7840 },
      { name: 'dense1.bias', shape: [10], offset: 7840, length: 10 },
    ],
    data: Buffer.from(weights.buffer).toString('base64'),
  };
  return { name: 'tiny.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) };
}
