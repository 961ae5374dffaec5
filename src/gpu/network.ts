// Places a model's activations (and, for training, their gradients) for one batch size and
// builds each layer's dispatches once. Parameters and state live outside, in packed buffers
// shared by every plan of the same model (training, evaluation, prediction).
import type { Binding, Dispatch, GpuContext } from './dispatch.ts';
import { activationBackward } from './kernels/activation-backward.ts';
import { gpuLayer } from './layers/index.ts';
import type { LayerDispatches, Mode } from './layers/layer.ts';
import { decl, type BufferArena, type BufferDecl } from './memory.ts';
import type { ModelGraph, TensorEntry } from '../model/graph.ts';
import { size } from '../model/shape.ts';

export interface Network {
  batch: number;
  /** The input batch, [batch, ...input shape]. */
  input: GPUBuffer;
  /** Gradient w.r.t. the input batch, when the layout asked for it (saliency); null otherwise. */
  inputGrad: GPUBuffer | null;
  logits: GPUBuffer;
  /** Each layer's output, in order (a pass-through layer's is its input's buffer). */
  outputs: GPUBuffer[];
  /** Gradient of the loss w.r.t. the logits (training only). */
  dlogits: GPUBuffer | null;
  /**
   * Each layer's output gradient, in order (null without gradients; a pass-through layer's is its
   * input's). A plan with an input gradient holds each as d/d(output) between the backward of the
   * layer after and the layer's own (see layerBackward); past that, its activation is undone in place.
   */
  outputGrads: (GPUBuffer | null)[];
  /** The forward pass of replay slot i. */
  forward(slot: number): Dispatch[];
  /** The backward pass of replay slot i (empty without gradients). */
  backward(slot: number): Dispatch[];
  /** Layer `layer`'s share of backward(slot): undoing its activation, then its own backward. */
  layerBackward(layer: number, slot: number): Dispatch[];
}

export interface NetworkBuffers {
  params: GPUBuffer;
  state: GPUBuffer;
  /** Present for training: the packed parameter gradients. */
  grads?: GPUBuffer;
  mode: Mode;
  /** Per-step uniform slots, one per replay slot; layers that draw per step (dropout) bind them. */
  steps?: readonly GPUBufferBinding[];
}

export function tensorBinding(buffer: GPUBuffer, p: TensorEntry): GPUBufferBinding {
  return { buffer, offset: p.offset * 4, size: p.length * 4 };
}

/** The buffers of one layer: its output (null when it passes its input through), its output's gradient, its own scratch. */
export interface LayerLayout {
  out: BufferDecl | null;
  grad: BufferDecl | null;
  scratch: Record<string, BufferDecl>;
}

/** Every buffer a network of this graph, batch and mode places, before any is allocated. */
export interface NetworkLayout {
  batch: number;
  software: boolean;
  mode: Mode;
  training: boolean;
  input: BufferDecl;
  /** The input's gradient: only a plan that asks for it (saliency) gets one; training never needs it. */
  inputGrad: BufferDecl | null;
  layers: LayerLayout[];
}

/**
 * `inputGrad` asks for the gradient w.r.t. the input as well. In eval mode that is the only use of
 * gradients (saliency): the parameter gradients are then scratch, and batch norm writes none.
 */
export function networkLayout(graph: ModelGraph, batch: number, mode: Mode, training: boolean, software: boolean, inputGrad = false): NetworkLayout {
  if (inputGrad && !training) throw new Error('buildNetwork: an input gradient needs gradients');
  if (training && mode !== 'train' && !inputGrad) throw new Error('buildNetwork: gradients in eval mode are only for the input');
  // Whether the current layer's input has a gradient buffer: the model input only when asked for.
  let dx = inputGrad;
  const layers = graph.layers.map((layer): LayerLayout => {
    const kind = gpuLayer(layer.spec);
    const name = layer.spec.name;
    const passThrough = kind.passThrough?.(layer.spec, mode) ?? false;
    const bytes = batch * size(layer.output) * 4;
    const train = training ? { dx } : undefined;
    const scratch = passThrough ? {} : (kind.scratch?.({ spec: layer.spec, layer, batch, mode, train, software }) ?? {});
    // A layer that passes its input through passes the gradient back through too: no buffer of its own.
    if (!passThrough) dx = training;
    return {
      out: passThrough ? null : decl(`${name}.out`, bytes),
      grad: training && !passThrough ? decl(`${name}.grad`, bytes) : null,
      scratch: Object.fromEntries(Object.entries(scratch).map(([key, n]) => [key, decl(`${name}.${key}`, n)])),
    };
  });
  const inputBytes = batch * size(graph.spec.input) * 4;
  return { batch, software, mode, training, input: decl('input', inputBytes), inputGrad: inputGrad ? decl('input.grad', inputBytes) : null, layers };
}

/** The layout's buffers as one list, in allocation order. */
export function networkDecls(layout: NetworkLayout): BufferDecl[] {
  return [
    layout.input,
    ...(layout.inputGrad ? [layout.inputGrad] : []),
    ...layout.layers.flatMap((l) => [...(l.out ? [l.out] : []), ...(l.grad ? [l.grad] : []), ...Object.values(l.scratch)]),
  ];
}

export async function buildNetwork(ctx: GpuContext, arena: BufferArena, graph: ModelGraph, layout: NetworkLayout, b: NetworkBuffers): Promise<Network> {
  const { grads, mode } = b;
  const { batch } = layout;
  if (mode !== layout.mode || Boolean(grads) !== layout.training || Boolean(ctx.software) !== layout.software)
    throw new Error('buildNetwork: the buffers do not match the layout');
  const acts = [arena.allocate(layout.input)];
  // Gradients of the input and of each layer's output; the input has one only when asked for.
  const dacts: (GPUBuffer | null)[] = [layout.inputGrad ? arena.allocate(layout.inputGrad) : null];
  const built: LayerDispatches[] = [];
  // Whether layer i's activation is undone by the backward of the layer after it rather than by
  // a pass of its own: both have buffers and the next kind takes it on (a max pool does). Not in a
  // plan with an input gradient (the inside view): Grad-CAM reads d/d(output) before the undo.
  const undoneByNext = (i: number): boolean => {
    const next = graph.layers[i + 1];
    return Boolean(grads && !layout.inputGrad && next && layout.layers[i].out && layout.layers[i + 1].out && gpuLayer(next.spec).undoesInputActivation);
  };
  for (const layer of graph.layers) {
    const kind = gpuLayer(layer.spec);
    const i = layer.index;
    const placed = layout.layers[i];
    acts.push(placed.out ? arena.allocate(placed.out) : acts[i]);
    if (grads) dacts.push(placed.grad ? arena.allocate(placed.grad) : dacts[i]);
    const scratch = Object.fromEntries(Object.entries(placed.scratch).map(([key, d]) => [key, arena.allocate(d)]));
    if (!placed.out) {
      built.push({ forward: () => [], backward: () => [] });
      continue;
    }
    const bind = (buffer: GPUBuffer, entries: TensorEntry[]): Binding[] => entries.map((p) => tensorBinding(buffer, p));
    const dispatches = await kind.build({
      ctx,
      spec: layer.spec,
      layer,
      batch,
      mode,
      x: acts[i],
      y: acts[i + 1],
      params: bind(b.params, layer.params),
      state: bind(b.state, layer.state),
      scratch,
      steps: b.steps ?? [],
      train: grads
        ? {
            dy: dacts[i + 1]!,
            dx: dacts[i],
            grads: bind(grads, layer.params),
            inputActivation: i > 0 && undoneByNext(i - 1) ? graph.layers[i - 1].activation : 'none',
          }
        : undefined,
    });
    // The backward kernels take the gradient of the pre-activation output: undo the fused activation first.
    const undo =
      grads && !undoneByNext(i)
        ? await activationBackward(
            ctx,
            { count: batch * size(layer.output), activation: layer.activation },
            { act: acts[i + 1], grad: dacts[i + 1]! },
            `${layer.spec.name}.activation-backward`,
          )
        : [];
    built.push({ forward: dispatches.forward, backward: (slot) => [...undo, ...dispatches.backward(slot)] });
  }
  const reversed = [...built].reverse();
  return {
    batch,
    input: acts[0],
    inputGrad: dacts[0],
    logits: acts[acts.length - 1],
    outputs: acts.slice(1),
    dlogits: grads ? dacts[dacts.length - 1] : null,
    outputGrads: grads ? dacts.slice(1) : graph.layers.map(() => null),
    forward: (slot) => built.flatMap((l) => l.forward(slot)),
    backward: (slot) => reversed.flatMap((l) => l.backward(slot)),
    layerBackward: (layer, slot) => built[layer].backward(slot),
  };
}
