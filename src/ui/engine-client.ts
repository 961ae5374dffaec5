// The UI's one door to the engine worker. Events flow into the store (and the metrics ring);
// commands go out through the comlink proxy. The UI thread itself never touches WebGPU.
import * as comlink from 'comlink';
import type { EngineApi, EngineEvent } from '../worker/protocol';
import { metricsRing } from './metrics-ring';
import { applyEngineEvent, updateEngine, useInkling } from './store/store';
import { addNotice } from './store/engine-slice';

let api: comlink.Remote<EngineApi> | null = null;

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Unknown error';
}

function onEvent(event: EngineEvent): void {
  if (event.type === 'metrics') return metricsRing.append(event.firstStep, event.loss, event.accuracy);
  // The restored run's loss curve goes to the chart ring; its tests and step to the store.
  if (event.type === 'restored') metricsRing.load(event.run.metrics);
  applyEngineEvent(event);
}

function fail(message: string): void {
  const engine = useInkling.getState().engine;
  // The worker already said WebGPU is missing: that page explains it better than the rejection.
  if (engine.phase === 'unsupported') return;
  updateEngine({ ...addNotice(engine, 'error', message), phase: 'failed', failure: message });
}

/** Starts the worker and waits until data and model are ready (or the worker says why not). */
export async function connectEngine(): Promise<void> {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('error', (event) => {
    fail(`The engine worker failed to start: ${event.message || 'script error'}`);
  });
  api = comlink.wrap<EngineApi>(worker);
  try {
    await api.connect(comlink.proxy(onEvent));
  } catch (error) {
    // The `unsupported` event travels on the callback's own port and may arrive after this
    // rejection: leave the page to it rather than flash a failure first.
    if (error instanceof Error && error.name === 'NoWebGpuError') return;
    fail(errorMessage(error));
  }
}

/** The engine, once connected; commands before that are a programming error. */
export function engine(): comlink.Remote<EngineApi> {
  if (!api) throw new Error('The engine is not connected yet');
  return api;
}
