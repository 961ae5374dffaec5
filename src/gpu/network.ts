// Places a model's activations (and, for training, their gradients) for one batch size and
// builds the forward and backward dispatch lists once. Parameters live outside, in one packed
// buffer shared by every plan of the same model (training, evaluation, prediction).
import type { Binding, Dispatch, GpuContext } from './dispatch.ts';
import type { ModelGraph, ParamEntry } from './graph.ts';
import { reluBackward } from './kernels/relu-backward.ts';
import { layerKind } from './layers/index.ts';
import type { BufferArena } from './memory.ts';
import { size } from './models.ts';

export interface Network {
  batch: number;
  /** The input batch, [batch, ...input shape]. */
  input: GPUBuffer;
  logits: GPUBuffer;
  /** Gradient of the loss w.r.t. the logits (training only). */
  dlogits: GPUBuffer | null;
  forward: Dispatch[];
  backward: Dispatch[];
}

export function paramBinding(buffer: GPUBuffer, p: ParamEntry): GPUBufferBinding {
  return { buffer, offset: p.offset * 4, size: p.length * 4 };
}

export async function buildNetwork(
  ctx: GpuContext,
  arena: BufferArena,
  graph: ModelGraph,
  batch: number,
  params: GPUBuffer,
  grads: GPUBuffer | null,
): Promise<Network> {
  const acts = [arena.storage('input', batch * size(graph.spec.input) * 4)];
  for (const layer of graph.layers) acts.push(arena.storage(`${layer.spec.name}.out`, batch * size(layer.output) * 4));
  // Gradients of each layer's output; the first layer's input needs none.
  const dacts: (GPUBuffer | null)[] = [null];
  if (grads) for (const layer of graph.layers) dacts.push(arena.storage(`${layer.spec.name}.grad`, batch * size(layer.output) * 4));

  const forward: Dispatch[] = [];
  const backwardPerLayer: Dispatch[][] = [];
  for (const [i, layer] of graph.layers.entries()) {
    const bind = (buffer: GPUBuffer): Binding[] => layer.params.map((p) => paramBinding(buffer, p));
    const built = await layerKind(layer.spec).build({
      ctx,
      arena,
      spec: layer.spec,
      batch,
      input: layer.input,
      output: layer.output,
      x: acts[i],
      y: acts[i + 1],
      params: bind(params),
      train: grads ? { dy: dacts[i + 1]!, dx: dacts[i], grads: bind(grads) } : undefined,
    });
    forward.push(...built.forward);
    if (grads && layer.relu) {
      const undo = await reluBackward(
        ctx,
        { count: batch * size(layer.output) },
        { act: acts[i + 1], grad: dacts[i + 1]! },
        `${layer.spec.name}.relu-backward`,
      );
      built.backward.unshift(...undo);
    }
    backwardPerLayer.push(built.backward);
  }
  return {
    batch,
    input: acts[0],
    logits: acts[acts.length - 1],
    dlogits: grads ? dacts[dacts.length - 1] : null,
    forward,
    backward: backwardPerLayer.reverse().flat(),
  };
}
