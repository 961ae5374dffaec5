// The page's choice of engine where there is no WebGPU at all (the GPU backend on no navigator.gpu,
// as a browser without it): the first open falls back to the CPU engine and says why, the GPU is not offered,
// and a kept choice of the CPU opens it without a fallback to report.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/cpu-backend.ts';
import { GpuBackend } from '../gpu/gpu-backend.ts';
import type { BackendEvents } from '../model/engine.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { FallbackBackend } from './fallback-backend.ts';

const data = () => Promise.resolve(syntheticMnist(32, 8, 1));

function listen() {
  const heard: string[] = [];
  const events: BackendEvents = {
    onUnavailable: (reason) => heard.push(`unavailable ${reason}`),
    onLost: () => heard.push('lost'),
    onError: () => heard.push('error'),
    onFallback: (reason) => heard.push(`fallback ${reason}`),
  };
  return { heard, events };
}

describe('FallbackBackend without WebGPU', () => {
  it('opens the CPU engine, says why, offers only the CPU, and refuses the GPU naming the reason', async () => {
    const backend = new FallbackBackend(new GpuBackend(undefined), () => Promise.resolve(new CpuBackend()));
    const { heard, events } = listen();
    const engine = await backend.open(data, events);
    expect(engine.adapterName).toMatch(/^CPU · WebAssembly SIMD · 1 thread$/);
    expect(heard).toEqual(['fallback no-api']);
    expect(backend.kind).toBe('wasm');
    expect(backend.choices).toEqual(['wasm']);
    expect(backend.gpuUnavailable).toMatch(/WebGPU/);
    // Opened again (a recovery, a switch back), the same engine with its data.
    expect(await backend.open(data, events)).toBe(engine);
    await expect(backend.openKind('webgpu', data, events)).rejects.toThrow(/WebGPU/);
  });

  it('a kept choice of the CPU opens it directly, with no fallback to report', async () => {
    const backend = new FallbackBackend(new GpuBackend(undefined), () => Promise.resolve(new CpuBackend()), false);
    backend.use('wasm');
    const { heard, events } = listen();
    await backend.open(data, events);
    expect(heard).toEqual([]);
    expect(backend.choices).toEqual(['wasm']);
  });
});
