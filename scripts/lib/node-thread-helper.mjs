// A Node worker cannot start from a .ts file (tsx's hooks do not reach a worker's entry on Node 20):
// this plain entry loads the helper through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./node-thread-helper.ts', import.meta.url);
