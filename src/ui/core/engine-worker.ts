// The one place the engine worker is made. The page's entry (src/ui/main.tsx) makes it before
// the page's own code loads: a worker's thread starts only once the page's thread hands it on,
// and from the page's code on, that thread is busy rendering the page for the better part of a
// second. Started first, the worker loads its script and opens its first reader meanwhile, so
// a digit drawn as soon as the pad shows is read at once (docs/ARCHITECTURE.md, "Reading first").

let started: Worker | null = null;

function makeEngineWorker(): Worker {
  return new Worker(new URL('../../worker/engine.worker.ts', import.meta.url), { type: 'module' });
}

/** Makes the engine worker now, ahead of the page; the first engineWorker() call takes it. */
export function startEngineWorker(): void {
  started ??= makeEngineWorker();
}

/** The worker started ahead of the page, once; after that (a restart, a take-over) a new one. */
export function engineWorker(): Worker {
  const worker = started ?? makeEngineWorker();
  started = null;
  return worker;
}
