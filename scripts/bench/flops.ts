// Training FLOPs per sample of a spec: the layer kinds count them (src/model/flops.ts), so the
// bench's GFLOP/s follows any model the engine can build. Kept as the bench's one entry point.
import { countFlops, type ModelFlops } from '../../src/model/flops.ts';
import { buildGraph } from '../../src/model/graph.ts';
import type { ModelSpec } from '../../src/model/spec.ts';

export type { ModelFlops };

export function specFlops(spec: ModelSpec): ModelFlops {
  return countFlops(buildGraph(spec));
}
