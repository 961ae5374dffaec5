// The one place the engine worker is made. The page's entry (src/ui/main.tsx) makes the first one
// before the page's own code loads: a worker's thread starts only once the page's thread hands it
// on, and from the page's code on, that thread is busy evaluating and rendering the page for the
// better part of a second. Started first, the worker loads its script and starts its session at
// once (src/worker/engine.worker.ts): it reads the saved run and opens its first reader meanwhile,
// so a digit drawn as soon as the pad shows is read at once (docs/ARCHITECTURE.md, "Reading first").
import { TAKE_OVER_WORKER } from '../../worker/protocol';

let started: Worker | null = null;

function makeEngineWorker(takeOver: boolean): Worker {
  // Its name tells the worker's session, which starts before any message can reach it, to take the run over.
  return new Worker(new URL('../../worker/engine.worker.ts', import.meta.url), { type: 'module', name: takeOver ? TAKE_OVER_WORKER : 'inkling-engine' });
}

/** Makes the engine worker now, ahead of the page; the first engineWorker() call takes it. */
export function startEngineWorker(): void {
  started ??= makeEngineWorker(false);
}

/** The worker started ahead of the page, once; after that (a restart, a take-over) a new one. */
export function engineWorker(options: { takeOver?: boolean } = {}): Worker {
  const taken = !options.takeOver && started ? started : makeEngineWorker(options.takeOver === true);
  if (taken === started) started = null;
  return taken;
}
