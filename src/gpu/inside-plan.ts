// The inside view of one image: every layer's activation, the class probabilities, the first
// conv layer's filters, a saliency map (the gradient of the predicted class's logit, pre-softmax,
// w.r.t. the input pixels) and Grad-CAM (src/model/grad-cam.ts) at one layer. One submit runs the
// forward in eval mode, seeds the backward with a one-hot of the argmax on the GPU (or of the
// class a request names, written before it), runs the model's own backward kernels down to the
// input, stopping once at the Grad-CAM layer to copy its output's gradient before its activation
// is undone, and copies everything to one staging buffer: one readback per request. Grad-CAM's
// sum over channels of a few thousand floats is left to the CPU side of the engine.
import type { Dispatch, GpuContext } from './dispatch.ts';
import { argmaxOneHot } from './kernels/argmax-one-hot.ts';
import { softmaxProbabilities } from './kernels/softmax-xent.ts';
import { BufferArena, decl, type BufferDecl } from './memory.ts';
import { buildNetwork, networkDecls, networkLayout, type Network, type NetworkBuffers, type NetworkLayout } from './network.ts';
import { OneImageRun, type OneImageJob, type Readback } from './one-image-run.ts';
import type { InsideReadback } from '../model/engine.ts';
import { firstFilters } from '../model/first-filters.ts';
import { gradCamLayers, gradCamMap, resolveInsideRequest, type InsideRequest } from '../model/grad-cam.ts';
import type { ModelGraph } from '../model/graph.ts';
import { size } from '../model/shape.ts';

/** Every buffer the inside view allocates (more staging buffers only while requests overlap). */
export interface InsidePlanLayout {
  /** Batch 1, eval mode, with gradients down to the input. */
  network: NetworkLayout;
  /**
   * Where the backward kernels write the parameter gradients they always compute: never read.
   * It keeps the layers' backward builds as training uses them, at the price of one
   * parameter-sized buffer (a quarter of what Adam's training holds for the same network).
   */
  paramGrads: BufferDecl;
  probs: BufferDecl;
  /** The Grad-CAM layer's output gradient (the largest such layer's room), then probabilities, saliency, every activation and the filters, read back in one copy. */
  staging: BufferDecl;
}

/** Room for the largest output gradient Grad-CAM can read. */
function gradCamFloats(graph: ModelGraph): number {
  return gradCamLayers(graph).reduce((most, i) => Math.max(most, size(graph.layers[i].output)), 0);
}

export function insidePlanLayout(graph: ModelGraph, software: boolean): InsidePlanLayout {
  const floats =
    gradCamFloats(graph) +
    graph.spec.classes +
    size(graph.spec.input) +
    graph.layers.reduce((sum, l) => sum + size(l.output), 0) +
    (firstFilters(graph)?.weight.length ?? 0);
  return {
    network: networkLayout(graph, 1, 'eval', true, software, true),
    paramGrads: decl('inside.param-grads', graph.paramFloats * 4),
    probs: decl('inside.probs', graph.spec.classes * 4),
    staging: decl('inside.readback', floats * 4),
  };
}

export function insidePlanDecls(l: InsidePlanLayout): BufferDecl[] {
  return [...networkDecls(l.network), l.paramGrads, l.probs, l.staging];
}

/** The built dispatches a request's job is cut from. */
interface InsideDispatches {
  /** Forward and probabilities. */
  forward: Dispatch[];
  /** The argmax's one-hot into the logits' gradient. */
  seed: Dispatch[];
  /** Each layer's backward, the graph's order. */
  layers: Dispatch[][];
}

export class InsidePlan {
  private constructor(
    readonly arena: BufferArena,
    private readonly graph: ModelGraph,
    private readonly runner: OneImageRun,
    private readonly dispatches: InsideDispatches,
    private readonly network: Network,
    /** probs, saliency, each activation, then the filters when there are some: the staging buffer's order after Grad-CAM's gradient. */
    private readonly readbacks: Readback[],
    private readonly hasFilters: boolean,
  ) {}

  static async build(ctx: GpuContext, graph: ModelGraph, weights: Pick<NetworkBuffers, 'params' | 'state'>): Promise<InsidePlan> {
    const arena = new BufferArena(ctx.device, `inside-${graph.spec.name}`);
    const layout = insidePlanLayout(graph, Boolean(ctx.software));
    const paramGrads = arena.allocate(layout.paramGrads);
    const network = await buildNetwork(ctx, arena, graph, layout.network, { ...weights, grads: paramGrads, mode: 'eval' });
    const classes = graph.spec.classes;
    const probs = arena.allocate(layout.probs);
    const dispatches: InsideDispatches = {
      forward: [...network.forward(0), ...(await softmaxProbabilities(ctx, { batch: 1, classes }, { logits: network.logits, probs }, 'inside.softmax'))],
      seed: await argmaxOneHot(ctx, { batch: 1, classes }, { logits: network.logits, seed: network.dlogits! }, 'inside.seed'),
      layers: graph.layers.map((l) => network.layerBackward(l.index, 0)),
    };
    const filters = firstFilters(graph);
    const readbacks: Readback[] = [
      { source: probs, offset: 0, floats: classes },
      { source: network.inputGrad!, offset: 0, floats: size(graph.spec.input) },
      ...graph.layers.map((l) => ({ source: network.outputs[l.index], offset: 0, floats: size(l.output) })),
      ...(filters ? [{ source: weights.params, offset: filters.weight.offset * 4, floats: filters.weight.length }] : []),
    ];
    const all = [...dispatches.forward, ...dispatches.seed, ...[...dispatches.layers].reverse().flat()];
    const runner = new OneImageRun(ctx, arena, 'inside view', network.input, size(graph.spec.input), all, readbacks, layout.staging);
    return new InsidePlan(arena, graph, runner, dispatches, network, readbacks, filters !== null);
  }

  get inputSize(): number {
    return this.runner.inputSize;
  }

  async run(image: Float32Array, request?: InsideRequest): Promise<InsideReadback> {
    // The layer and a chosen class are checked before any work; the default class is known only after.
    const { layer } = resolveInsideRequest(this.graph, 0, request);
    const target = request?.target;
    const { forward, seed, layers } = this.dispatches;
    const below = (from: number) => layers.slice(0, from).reverse().flat();
    const gradFloats = layer === null ? 0 : size(this.graph.layers[layer].output);
    const job: OneImageJob = {
      writes: target === undefined ? [] : [{ buffer: this.network.dlogits!, values: oneHot(this.graph.spec.classes, target) }],
      passes:
        layer === null
          ? [{ dispatches: [...forward, ...(target === undefined ? seed : []), ...below(layers.length)], then: this.readbacks }]
          : [
              {
                dispatches: [
                  ...forward,
                  ...(target === undefined ? seed : []),
                  ...layers
                    .slice(layer + 1)
                    .reverse()
                    .flat(),
                ],
                then: [{ source: this.network.outputGrads[layer]!, offset: 0, floats: gradFloats }],
              },
              { dispatches: below(layer + 1), then: this.readbacks },
            ],
    };
    const buffer = await this.runner.run(image, job);
    const read = this.views(buffer, gradFloats);
    const gradCam =
      layer === null ? null : { layer, map: gradCamMap(this.graph.layers[layer].output, read.activations[layer], new Float32Array(buffer, 0, gradFloats)) };
    return { ...read, explained: target ?? read.predicted, gradCam };
  }

  private views(buffer: ArrayBuffer, skip: number): Omit<InsideReadback, 'explained' | 'gradCam'> {
    let at = skip;
    const [probabilities, saliency, ...rest] = this.readbacks.map((c) => {
      const view = new Float32Array(buffer, at * 4, c.floats);
      at += c.floats;
      return view;
    });
    const activations = this.hasFilters ? rest.slice(0, -1) : rest;
    const logits = activations[activations.length - 1];
    let predicted = 0;
    for (let c = 1; c < logits.length; c++) if (logits[c] > logits[predicted]) predicted = c;
    return { buffer, probabilities, saliency, activations, filters: this.hasFilters ? rest[rest.length - 1] : null, predicted };
  }
}

function oneHot(classes: number, at: number): Float32Array {
  const v = new Float32Array(classes);
  v[at] = 1;
  return v;
}
