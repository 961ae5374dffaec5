// Calls to the engine worker with a time limit each, and a way to end them all at once when the
// worker is gone (a dead worker never answers: without this a button would wait forever).
import type { EngineApi } from '../../worker/protocol';

type Method = keyof EngineApi;

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * How long each call may take before it is called lost. The limits are generous on purpose: on a
 * software GPU (SwiftShader, or a laptop without one) building a plan compiles dozens of
 * pipelines, and a slow answer is far more likely than a dead worker, which the heartbeat
 * (worker-watch.ts) finds within seconds anyway. A limit only ends a wait that nothing else would.
 */
export const CALL_TIMEOUT_MS: Record<Method, number> = {
  // Loads the data over the network and builds the first model; its progress shows meanwhile.
  connect: 10 * MINUTE,
  // A new plan: pipelines compiled, buffers allocated (and the old model read back first).
  configure: 3 * MINUTE,
  reset: 3 * MINUTE,
  importModel: 3 * MINUTE,
  openModel: 3 * MINUTE,
  setWeights: 3 * MINUTE,
  // The model read back, the other engine opened (the data uploaded, on a GPU its pipelines compiled) and the model built there.
  switchEngine: 3 * MINUTE,
  // A few timed steps of the default network, after compiling it.
  probeSpeed: 3 * MINUTE,
  // Starting may reset a finished run; pausing waits for the submitted steps to land.
  start: 3 * MINUTE,
  pause: 2 * MINUTE,
  resume: 1 * MINUTE,
  setLearningRate: 30 * SECOND,
  // The first one builds its plan; later ones are one forward pass.
  predict: 1 * MINUTE,
  inspect: 2 * MINUTE,
  // The whole test set through the network, between training submits.
  evaluate: 5 * MINUTE,
  // One pass of the test set the first time, for the weights as they stand (then kept).
  confusionCell: 5 * MINUTE,
  topDigits: 5 * MINUTE,
  // A pass over part of the test set, then a projection: UMAP takes its time on a slow machine.
  embedding: 5 * MINUTE,
  embeddingPlace: 2 * MINUTE,
  closeEmbedding: 30 * SECOND,
  getWeights: 1 * MINUTE,
  exportModel: 1 * MINUTE,
  planMemory: 30 * SECOND,
  // Storage: IndexedDB answers in milliseconds, or the browser is asking the user about quota.
  loadSettings: 30 * SECOND,
  saveSettings: 30 * SECOND,
  listModels: 30 * SECOND,
  saveModel: 1 * MINUTE,
  renameModel: 30 * SECOND,
  deleteModel: 30 * SECOND,
  listDigits: 30 * SECOND,
  addDigit: 30 * SECOND,
  removeDigit: 30 * SECOND,
  exportDigits: 30 * SECOND,
  importDigits: 1 * MINUTE,
  // A whole fine-tune with its tests before and after: progress events show it is alive.
  fineTune: 15 * MINUTE,
  ping: 15 * SECOND,
};

/** Why a call to the worker did not get its answer. */
export class EngineCallError extends Error {
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineCallError';
  }
}

/**
 * A call whose worker stopped before it answered. A new worker takes the run back as last saved,
 * so the command may or may not have happened there: the message says to try it again.
 */
export class WorkerStoppedError extends EngineCallError {
  constructor(reason: string) {
    super('', `the engine worker stopped before it answered (${reason}); try again once it has restarted`);
    this.name = 'WorkerStoppedError';
  }
}

/** The calls in flight to one worker, each raced against its limit. */
export class CallGuard {
  private readonly pending = new Set<(e: Error) => void>();

  constructor(private readonly limits: Partial<Record<string, number>> = CALL_TIMEOUT_MS) {}

  get inFlight(): number {
    return this.pending.size;
  }

  /** `call` settles as it would, or rejects after `method`'s limit, or when `abandon` is called. */
  run<T>(method: string, call: () => Promise<T>): Promise<T> {
    const limit = this.limits[method] ?? MINUTE;
    return new Promise<T>((resolve, reject) => {
      const end = (e: Error) => {
        clearTimeout(timer);
        this.pending.delete(end);
        reject(e);
      };
      const timer = setTimeout(() => end(new EngineCallError(method, `the engine did not answer "${method}" within ${formatLimit(limit)}`)), limit);
      this.pending.add(end);
      call().then(
        (value) => {
          if (!this.pending.has(end)) return;
          clearTimeout(timer);
          this.pending.delete(end);
          resolve(value);
        },
        (e: unknown) => end(e instanceof Error ? e : new Error(String(e))),
      );
    });
  }

  /** Rejects every call in flight: the worker they went to is gone, for `reason`. */
  abandon(reason: string): void {
    for (const end of [...this.pending]) end(new WorkerStoppedError(reason));
  }
}

function formatLimit(ms: number): string {
  return ms % MINUTE === 0 ? `${ms / MINUTE} min` : `${ms / SECOND} s`;
}
