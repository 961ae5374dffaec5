import { describe, expect, it } from 'vitest';
import { preset } from '../../model/presets';
import { engineReduce, initialEngine, readsDrawings } from './engine-slice';

describe('engine slice', () => {
  it('engine: a failure stays failed when progress of another download comes after it', () => {
    let s = engineReduce(initialEngine, { type: 'loading', what: 'MNIST', loaded: 5, total: 10 });
    s = engineReduce(s, { type: 'error', message: 'MNIST could not be loaded: t10k-labels-idx1-ubyte.gz: HTTP 404', fatal: true });
    s = engineReduce(s, { type: 'loading', what: 'MNIST', loaded: 10, total: 10 });
    expect(s).toMatchObject({ phase: 'failed', failure: 'MNIST could not be loaded: t10k-labels-idx1-ubyte.gz: HTTP 404' });
  });

  it('engine: loading, then ready with the adapter and pretrained label', () => {
    let s = engineReduce(initialEngine, { type: 'loading', what: 'MNIST', loaded: 5, total: 10 });
    expect(s.phase).toBe('loading');
    expect(s.loading).toEqual({ what: 'MNIST', loaded: 5, total: 10 });
    s = engineReduce(s, {
      type: 'ready',
      adapter: 'SwiftShader',
      trainSize: 60000,
      testSize: 10000,
      model: preset('cnn'),
      pretrained: 'cnn',
      recordedAccuracy: 0.986,
    });
    expect(s).toMatchObject({ phase: 'ready', loading: null, adapter: 'SwiftShader', pretrained: 'cnn', recorded: { label: 'cnn', accuracy: 0.986 } });
    expect(s.model).toEqual(preset('cnn'));
  });

  it('engine: drawings are read from the reading event on, while the data still load, and not after a failure', () => {
    expect(readsDrawings(initialEngine)).toBe(false);
    let s = engineReduce(initialEngine, { type: 'reading' });
    expect(s.phase).toBe('connecting');
    expect(readsDrawings(s)).toBe(true);
    s = engineReduce(s, { type: 'loading', what: 'MNIST', loaded: 5, total: 10 });
    expect(s.phase).toBe('loading');
    expect(readsDrawings(s)).toBe(true);
    expect(readsDrawings(engineReduce(s, { type: 'error', message: 'boom', fatal: true }))).toBe(false);
    expect(
      readsDrawings(engineReduce(engineReduce(initialEngine, { type: 'loading', what: 'MNIST', loaded: 1, total: 10 }), { type: 'notice', message: 'x' })),
    ).toBe(false);
  });

  it('engine: unsupported and fatal errors change the phase; notices do not', () => {
    expect(engineReduce(initialEngine, { type: 'unsupported', reason: 'no-adapter', message: 'none' }).phase).toBe('unsupported');
    const noticed = engineReduce(initialEngine, { type: 'notice', message: 'device recovered' });
    expect(noticed.phase).toBe('connecting');
    expect(noticed.notices.map((n) => n.message)).toEqual(['device recovered']);
    const failed = engineReduce(initialEngine, { type: 'error', message: 'boom', fatal: true });
    expect(failed).toMatchObject({ phase: 'failed', failure: 'boom' });
  });

  it('engine: the engine event names the engine in use, its adapter and the choices; a GPU switched to drops the fallback note', () => {
    let s = engineReduce(initialEngine, { type: 'fallback', reason: 'no-adapter', message: 'no adapter' });
    s = engineReduce(s, { type: 'engine', kind: 'wasm', adapter: 'CPU · WebAssembly SIMD · 4 threads', choices: ['wasm'], gpuUnavailable: 'no adapter' });
    expect(s).toMatchObject({ kind: 'wasm', adapter: 'CPU · WebAssembly SIMD · 4 threads', choices: ['wasm'], fallback: { reason: 'no-adapter' } });
    s = engineReduce(s, { type: 'engine', kind: 'webgpu', adapter: 'SwiftShader', choices: ['webgpu', 'wasm'], gpuUnavailable: null });
    expect(s).toMatchObject({ kind: 'webgpu', adapter: 'SwiftShader', choices: ['webgpu', 'wasm'], fallback: null });
  });
});
