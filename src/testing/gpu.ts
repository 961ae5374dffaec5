// Test support for kernel tests that run on a real WebGPU device in headless Chromium.
// There is no mock: if no adapter is granted, every GPU test fails with a message that says so.
import { encodeDispatches, type Dispatch, type GpuContext } from '../gpu/dispatch.ts';
import { requestGpu } from '../gpu/device.ts';
import { createContext, type GpuHost } from '../gpu/context.ts';
import { readBuffers } from '../gpu/read-buffers.ts';

let shared: Promise<GpuHost> | undefined;

export function testGpu(): Promise<GpuHost> {
  shared ??= (async () => {
    const gpu = await requestGpu(navigator.gpu, {
      onError: (message) => {
        throw new Error(`uncaptured WebGPU error: ${message}`);
      },
    });
    console.info(`[gpu tests] adapter: ${gpu.adapterName}`);
    return createContext(gpu);
  })();
  return shared;
}

/** A storage buffer initialised with `data` (read-write, copyable). */
export function gpuBuffer(gpu: GpuContext, data: Float32Array | Uint32Array | Int32Array | Uint8Array, label = 'test'): GPUBuffer {
  const size = Math.max(4, Math.ceil(data.byteLength / 4) * 4);
  const buffer = gpu.device.createBuffer({
    label,
    size,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    mappedAtCreation: true,
  });
  new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buffer.unmap();
  return buffer;
}

export function uniformBuffer(gpu: GpuContext, data: ArrayBuffer, label = 'test-uniform'): GPUBuffer {
  const buffer = gpu.device.createBuffer({ label, size: data.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  gpu.device.queue.writeBuffer(buffer, 0, data);
  return buffer;
}

export function emptyBuffer(gpu: GpuContext, byteLength: number, label = 'test-out'): GPUBuffer {
  return gpuBuffer(gpu, new Uint8Array(Math.max(4, byteLength)), label);
}

/** Runs the dispatches in one pass, submits, and fails on any validation error. */
export async function run(gpu: GpuContext, dispatches: readonly Dispatch[]): Promise<void> {
  const { device } = gpu;
  device.pushErrorScope('validation');
  const encoder = device.createCommandEncoder({ label: 'test' });
  const pass = encoder.beginComputePass({ label: 'test' });
  encodeDispatches(pass, dispatches);
  pass.end();
  device.queue.submit([encoder.finish()]);
  const error = await device.popErrorScope();
  if (error) throw new Error(`WebGPU validation error: ${error.message}`);
  await device.queue.onSubmittedWorkDone();
}

export async function readBytes(gpu: GpuContext, buffer: GPUBuffer, byteLength = buffer.size): Promise<ArrayBuffer> {
  const [bytes] = await readBuffers(gpu.device, 'readback', [{ buffer, bytes: Math.ceil(byteLength / 4) * 4 }]);
  return bytes.slice(0, byteLength);
}

export async function readF32(gpu: GpuContext, buffer: GPUBuffer, length?: number): Promise<Float32Array> {
  return new Float32Array(await readBytes(gpu, buffer, length === undefined ? buffer.size : length * 4));
}

export async function readU32(gpu: GpuContext, buffer: GPUBuffer, length?: number): Promise<Uint32Array> {
  return new Uint32Array(await readBytes(gpu, buffer, length === undefined ? buffer.size : length * 4));
}

/**
 * Counts the buffers a real device creates until `restore()`: a wrapper, nothing mocked. Tests
 * use it to prove that a loop allocates nothing, or that a refusal came before any allocation.
 */
export function countBufferCreation(device: GPUDevice): { readonly created: number; restore(): void } {
  const original = device.createBuffer.bind(device);
  let created = 0;
  device.createBuffer = (d: GPUBufferDescriptor) => {
    created++;
    return original(d);
  };
  return {
    get created() {
      return created;
    },
    restore: () => {
      device.createBuffer = original;
    },
  };
}

/** `a` followed by zeros up to whole vec4s, as the training plan lays out the optimizer's buffers. */
export function vec4Padded(a: Float32Array): Float32Array {
  const out = new Float32Array(Math.ceil(a.length / 4) * 4);
  out.set(a);
  return out;
}

/** The floats of `buffer` past the first `count`, up to whole vec4s: a vec4 kernel's tail. */
export async function vec4Tail(gpu: GpuContext, buffer: GPUBuffer, count: number): Promise<Float32Array> {
  return (await readF32(gpu, buffer, Math.ceil(count / 4) * 4)).slice(count);
}
