// The inside view of one image: every layer's activation, the class probabilities, the first
// conv layer's filters and a saliency map, the gradient of the predicted class's logit
// (pre-softmax) w.r.t. the input pixels. One submit runs the forward in eval mode, seeds the
// backward with a one-hot of the argmax on the GPU, runs the model's own backward kernels down to
// the input, and copies everything to one staging buffer: one readback per request.
import type { GpuContext } from './dispatch.ts';
import { argmaxOneHot } from './kernels/argmax-one-hot.ts';
import { softmaxProbabilities } from './kernels/softmax-xent.ts';
import { BufferArena, decl, type BufferDecl } from './memory.ts';
import { buildNetwork, networkDecls, networkLayout, type NetworkBuffers, type NetworkLayout } from './network.ts';
import { OneImageRun, type Readback } from './one-image-run.ts';
import type { InsideReadback } from '../model/engine.ts';
import { firstFilters } from '../model/first-filters.ts';
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
  /** Probabilities, saliency, every activation and the filters, read back in one copy. */
  staging: BufferDecl;
}

export function insidePlanLayout(graph: ModelGraph, software: boolean): InsidePlanLayout {
  const floats =
    graph.spec.classes + size(graph.spec.input) + graph.layers.reduce((sum, l) => sum + size(l.output), 0) + (firstFilters(graph)?.weight.length ?? 0);
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

export class InsidePlan {
  private constructor(
    readonly arena: BufferArena,
    private readonly runner: OneImageRun,
    /** probs, saliency, each activation, then the filters when there are some: the staging buffer's order. */
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
    const dispatches = [
      ...network.forward(0),
      ...(await softmaxProbabilities(ctx, { batch: 1, classes }, { logits: network.logits, probs }, 'inside.softmax')),
      ...(await argmaxOneHot(ctx, { batch: 1, classes }, { logits: network.logits, seed: network.dlogits! }, 'inside.seed')),
      ...network.backward(0),
    ];
    const filters = firstFilters(graph);
    const readbacks: Readback[] = [
      { source: probs, offset: 0, floats: classes },
      { source: network.inputGrad!, offset: 0, floats: size(graph.spec.input) },
      ...graph.layers.map((l) => ({ source: network.outputs[l.index], offset: 0, floats: size(l.output) })),
      ...(filters ? [{ source: weights.params, offset: filters.weight.offset * 4, floats: filters.weight.length }] : []),
    ];
    const runner = new OneImageRun(ctx, arena, 'inside view', network.input, size(graph.spec.input), dispatches, readbacks, layout.staging);
    return new InsidePlan(arena, runner, readbacks, filters !== null);
  }

  get inputSize(): number {
    return this.runner.inputSize;
  }

  async run(image: Float32Array): Promise<InsideReadback> {
    return this.views(await this.runner.run(image));
  }

  private views(buffer: ArrayBuffer): InsideReadback {
    let at = 0;
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
