// A CPU helper thread in a browser (started by cpu-threads.ts): the engine's message loop on the worker's scope.
import { serveHelper } from '../cpu/threads/helper.ts';
import type { HelperRequest } from '../cpu/threads/protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
serveHelper({ postMessage: (m) => scope.postMessage(m), onMessage: (handler) => (scope.onmessage = (e: MessageEvent<HelperRequest>) => handler(e.data)) });
