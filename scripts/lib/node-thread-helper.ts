// A CPU helper thread in Node (spawned by node-threads.ts): the engine's message loop on parentPort.
import { parentPort } from 'node:worker_threads';
import { serveHelper } from '../../src/cpu/threads/helper.ts';
import type { HelperRequest } from '../../src/cpu/threads/protocol.ts';

const port = parentPort!;
serveHelper({ postMessage: (m) => port.postMessage(m), onMessage: (handler) => port.on('message', (m: HelperRequest) => handler(m)) });
