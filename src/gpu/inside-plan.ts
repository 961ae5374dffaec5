// The inside view of one image: every layer's activation, the class probabilities, the first
// conv layer's filters and a saliency map, the gradient of the predicted class's logit
// (pre-softmax) w.r.t. the input pixels. One submit runs the forward in eval mode, seeds the
// backward with a one-hot of the argmax on the GPU, runs the model's own backward kernels down to
// the input, and copies everything to one staging buffer: one readback per request.
import { encodeDispatches, type Dispatch, type GpuContext } from './dispatch.ts';
import { argmaxOneHot } from './kernels/argmax-one-hot.ts';
import { softmaxProbabilities } from './kernels/softmax-xent.ts';
import { BufferArena, decl, type BufferDecl } from './memory.ts';
import { buildNetwork, networkDecls, networkLayout, type NetworkBuffers, type NetworkLayout } from './network.ts';
import type { ModelGraph, TensorEntry } from '../model/graph.ts';
import { size } from '../model/shape.ts';

/** Every buffer the inside view allocates (its staging buffer is made and freed per request, as a prediction's is). */
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
}

export function insidePlanLayout(graph: ModelGraph, software: boolean): InsidePlanLayout {
  return {
    network: networkLayout(graph, 1, 'eval', true, software, true),
    paramGrads: decl('inside.param-grads', graph.paramFloats * 4),
    probs: decl('inside.probs', graph.spec.classes * 4),
  };
}

export function insidePlanDecls(l: InsidePlanLayout): BufferDecl[] {
  return [...networkDecls(l.network), l.paramGrads, l.probs];
}

/** The first conv layer's filters ([out, in, k, k]), the one set of weights that reads as pictures; null without a conv layer. */
export function firstFilters(graph: ModelGraph): { layer: string; weight: TensorEntry } | null {
  const layer = graph.layers.find((l) => l.spec.kind === 'conv2d');
  const weight = layer?.params.find((p) => p.name === 'weight');
  return layer && weight ? { layer: layer.spec.name, weight } : null;
}

/** What one request reads back: views on one buffer, so the whole can cross to another thread as one transfer. */
export interface InsideReadback {
  buffer: ArrayBuffer;
  probabilities: Float32Array;
  /** d(logit of `predicted`)/d(input), the input's shape. */
  saliency: Float32Array;
  /** Each layer's output for this image, in order. */
  activations: Float32Array[];
  filters: Float32Array | null;
  /** The argmax of the logits, the class the saliency is for (ties to the first, as the GPU's seed). */
  predicted: number;
}

interface Copy {
  source: GPUBuffer;
  /** Bytes into the source. */
  offset: number;
  floats: number;
}

export class InsidePlan {
  private constructor(
    private readonly ctx: GpuContext,
    readonly arena: BufferArena,
    private readonly input: GPUBuffer,
    private readonly dispatches: Dispatch[],
    /** probs, saliency, each activation, then the filters when there are some: the staging buffer's order. */
    private readonly copies: Copy[],
    private readonly hasFilters: boolean,
    readonly inputSize: number,
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
    const copies: Copy[] = [
      { source: probs, offset: 0, floats: classes },
      { source: network.inputGrad!, offset: 0, floats: size(graph.spec.input) },
      ...graph.layers.map((l) => ({ source: network.outputs[l.index], offset: 0, floats: size(l.output) })),
      ...(filters ? [{ source: weights.params, offset: filters.weight.offset * 4, floats: filters.weight.length }] : []),
    ];
    return new InsidePlan(ctx, arena, network.input, dispatches, copies, filters !== null, size(graph.spec.input));
  }

  async run(image: Float32Array): Promise<InsideReadback> {
    if (image.length !== this.inputSize) throw new Error(`inside view: expected ${this.inputSize} pixel values, got ${image.length}`);
    const { device } = this.ctx;
    device.queue.writeBuffer(this.input, 0, new Float32Array(image));
    const floats = this.copies.reduce((sum, c) => sum + c.floats, 0);
    const staging = device.createBuffer({ label: 'inside/readback', size: floats * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = device.createCommandEncoder({ label: 'inside' });
    const pass = encoder.beginComputePass({ label: 'inside' });
    encodeDispatches(pass, this.dispatches);
    pass.end();
    let at = 0;
    for (const c of this.copies) {
      encoder.copyBufferToBuffer(c.source, c.offset, staging, at * 4, c.floats * 4);
      at += c.floats;
    }
    device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ);
      return this.views(staging.getMappedRange().slice(0));
    } finally {
      staging.destroy();
    }
  }

  private views(buffer: ArrayBuffer): InsideReadback {
    let at = 0;
    const [probabilities, saliency, ...rest] = this.copies.map((c) => {
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
