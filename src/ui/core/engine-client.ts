// The UI's one door to the engine worker. Events flow into the store (and the metrics ring);
// commands go out through the comlink proxy, each with a time limit (worker-calls.ts). The UI
// thread itself never touches WebGPU. A worker that dies after startup (crashed, closed, killed)
// is found by a heartbeat and started again; the new one takes the run back from IndexedDB.
import * as comlink from 'comlink';
import type { EngineApi, EngineEvent } from '../../worker/protocol';
import { metricsRing } from './metrics-ring';
import { errorMessage } from './error-message';
import { applyEngineEvent, clearEvaluations, notify, updateEngine, useInkling } from './store';
import { addNotice } from './engine-slice';
import { CallGuard } from './worker-calls';
import { RestartBudget } from './restart-budget';
import { watchWorker } from './worker-watch';
import { engineWorker } from './engine-worker';

/** Between two heartbeats, and how long one may go unanswered before the worker is called dead. */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 20_000;

interface Connection {
  worker: Worker;
  api: comlink.Remote<EngineApi>;
  calls: CallGuard;
  /** connect() has resolved: from then on a failure is a stop to recover from, not a failed start. */
  started: boolean;
  stopWatch: () => void;
}

let current: Connection | null = null;
const restarts = new RestartBudget();

function fail(message: string): void {
  const engine = useInkling.getState().engine;
  // The worker already said WebGPU is missing: that page explains it better than the rejection.
  if (engine.phase === 'unsupported') return;
  updateEngine({ ...addNotice(engine, 'error', message), phase: 'failed', failure: message });
}

/** A new worker (one named to take the run over, for that), wired up; its events count only while it is the current one. */
function open(options: { takeOver?: boolean } = {}): Connection {
  const worker = engineWorker(options);
  const c: Connection = {
    worker,
    api: comlink.wrap<EngineApi>(worker),
    calls: new CallGuard(),
    started: false,
    stopWatch: () => undefined,
  };
  worker.addEventListener('error', (event) => {
    if (current !== c) return;
    const message = event.message || 'script error';
    // Before it is up, an error means it never will be; after, the heartbeat says whether it survived.
    if (!c.started) fail(`The engine worker failed to start: ${message}`);
    else notify('error', `The engine worker hit an error: ${message}`);
  });
  return c;
}

function onEvent(c: Connection, event: EngineEvent): void {
  // A worker already replaced may still be winding down: what it says is no longer true.
  if (current !== c) return;
  if (event.type === 'metrics') return metricsRing.append(event.firstStep, event.loss, event.accuracy);
  // The restored run's loss curve goes to the chart ring; its tests and step to the store.
  if (event.type === 'restored') metricsRing.load(event.run.metrics);
  applyEngineEvent(event);
}

/** Connects `c` and, once it is up, starts its heartbeat. Resolves as the worker's connect does. */
async function connect(c: Connection, options: { takeOver?: boolean } = {}): Promise<{ restoredStep: number | null }> {
  current = c;
  const answer = await c.calls.run('connect', () =>
    c.api.connect(
      comlink.proxy((event: EngineEvent) => onEvent(c, event)),
      options,
    ),
  );
  if (current !== c) return answer;
  c.started = true;
  c.stopWatch = watchWorker({
    ping: () => c.api.ping(),
    intervalMs: HEARTBEAT_MS,
    timeoutMs: HEARTBEAT_TIMEOUT_MS,
    onDead: (why) => void restart(c, why),
  });
  return answer;
}

/** Starts the worker and waits until data and model are ready (or the worker says why not). */
export async function connectEngine(): Promise<void> {
  const c = open();
  try {
    await connect(c);
  } catch (error) {
    // The `unsupported` event travels on the callback's own port and may arrive after this
    // rejection: leave the page to it rather than flash a failure first.
    if (error instanceof Error && error.name === 'NoWebGpuError') return;
    if (current === c) fail(errorMessage(error));
  }
}

/**
 * Replaces a dead worker with a new one, which takes the run back from IndexedDB as a reload
 * would. Calls waiting on the dead one are ended with the reason, so no button waits forever.
 */
async function restart(dead: Connection, reason: string): Promise<void> {
  if (current !== dead) return;
  const why = `the engine worker stopped: ${reason}`;
  dead.stopWatch();
  // Each waiting panel ends its wait and says the command may be tried again (WorkerStoppedError).
  dead.calls.abandon(reason);
  dead.worker.terminate();
  if (!restarts.allow(Date.now())) {
    fail(
      `${capitalise(why)}, after ${restarts.limit} restarts in a few minutes, so it is not restarted again. Your run is kept as last saved; reload the page to try again.`,
    );
    return;
  }
  notify('error', `${capitalise(why)}. Restarting it from the last saved state of your run…`);
  updateEngine({ phase: 'loading', loading: null, reading: false });
  // The charts show what the new worker brings back (its 'restored' event), not the lost worker's last steps.
  metricsRing.clear();
  clearEvaluations();
  const c = open();
  let restoredStep: number | null;
  try {
    ({ restoredStep } = await connect(c));
  } catch (error) {
    if (current === c) fail(`${capitalise(why)}, and restarting it failed: ${errorMessage(error)}`);
    return;
  }
  if (current !== c) return;
  notify(
    'notice',
    restoredStep === null
      ? 'The engine was restarted. No run had been saved, so it starts again from its first model.'
      : `The engine was restarted with your run as saved at step ${restoredStep.toLocaleString('en')}.`,
  );
}

/**
 * Makes the saved run this tab's: a new worker asks the tab that owns it to save it and let go,
 * then reads it back as a reload would (the run this tab showed was the owner's, read-only).
 */
export async function takeOverRun(): Promise<void> {
  const old = current;
  if (!old) return;
  old.stopWatch();
  old.calls.abandon('the run is being taken over by this tab');
  old.worker.terminate();
  updateEngine({ phase: 'loading', loading: null, reading: false });
  metricsRing.clear();
  clearEvaluations();
  const options = { takeOver: true };
  const c = open(options);
  try {
    await connect(c, options);
  } catch (error) {
    if (current === c) fail(`The run could not be taken over: ${errorMessage(error)}`);
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The engine, once connected; commands before that are a programming error. Each call goes to
 * the worker of the moment and is limited in time (see CALL_TIMEOUT_MS).
 */
export function engine(): comlink.Remote<EngineApi> {
  if (!current) throw new Error('The engine is not connected yet');
  return guardedApi;
}

const guardedApi = new Proxy({} as comlink.Remote<EngineApi>, {
  get(_target, method: string) {
    // Not a promise: `await engine()` must not call the worker.
    if (method === 'then') return undefined;
    return (...args: unknown[]) => {
      const c = current;
      if (!c) return Promise.reject(new Error('The engine is not connected yet'));
      const remote = c.api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      return c.calls.run(method, () => remote[method](...args));
    };
  },
});
