// The reading side of a CPU model (src/model/engine.ts): the test-set evaluation, one image's
// probabilities, and the inside view (every activation, the first conv layer's filters, and the
// saliency: the gradient of the predicted class's logit w.r.t. the input), on the networks the
// model's layout holds. The saliency and Grad-CAM follow the predicted class unless the request
// names another. Synchronous under the hood: a CPU model has nothing in flight.
import type { InsideReadback, LabelledImages, OutputReduction, ReadingModel, SplitResult } from '../model/engine.ts';
import { channelLayout, channelMaxima } from '../model/channels.ts';
import { firstFilters } from '../model/first-filters.ts';
import { gradCamMap, resolveInsideRequest, type InsideRequest } from '../model/grad-cam.ts';
import type { ModelGraph } from '../model/graph.ts';
import { size } from '../model/shape.ts';
import { f32, sub, u32 } from './arena.ts';
import { CPU_EVAL_BATCH, type CpuModelLayout } from './model-layout.ts';
import type { Run } from './run.ts';

/** The first largest value's index (ties to the first, as the reference's argmax). */
function argmax(values: Float32Array): number {
  let best = 0;
  for (let c = 1; c < values.length; c++) if (values[c] > values[best]) best = c;
  return best;
}

/** Reading draws nothing: dropout passes through, batch norm reads its running statistics. */
const NO_DRAW = { t: 1, seed: 0 };

export class CpuReadingModel implements ReadingModel {
  constructor(
    private readonly graph: ModelGraph,
    private readonly layout: CpuModelLayout,
    private readonly run: Run,
    private readonly test: LabelledImages,
  ) {}

  private get memory(): WebAssembly.Memory {
    return this.run.memory;
  }

  /** Runs the evaluation network over the first `count` test images, a batch at a time; `each` reads a batch's results. */
  private overTestSet(count: number, each: (first: number, n: number) => void): void {
    const { net, labels } = this.layout.eval;
    const pixels = this.test.rows * this.test.cols;
    const x = f32(this.memory, net.input);
    for (let first = 0; first < count; first += CPU_EVAL_BATCH) {
      const n = Math.min(CPU_EVAL_BATCH, count - first);
      for (let i = 0; i < n * pixels; i++) x[i] = this.test.images[first * pixels + i] / 255;
      // Rows past the set's end read zeros; their results are not kept.
      x.fill(0, n * pixels);
      const l = u32(this.memory, labels);
      l.fill(0);
      l.set(this.test.labels.subarray(first, first + n));
      net.forward(this.run, NO_DRAW);
      each(first, n);
    }
  }

  private clampCount(limit: number): number {
    return Math.min(Math.max(1, Math.floor(limit)), this.test.count);
  }

  evaluate(limit = this.test.count): Promise<SplitResult> {
    const { net, labels, rowLoss, predictions } = this.layout.eval;
    const count = this.clampCount(limit);
    const losses = new Float32Array(count);
    const predicted = new Uint32Array(count);
    this.overTestSet(count, (first, n) => {
      this.run.parallel('softmax_evaluate', n, [this.graph.spec.classes, net.logits.offset, labels.offset, rowLoss.offset, predictions.offset]);
      losses.set(f32(this.memory, rowLoss).subarray(0, n), first);
      predicted.set(u32(this.memory, predictions).subarray(0, n), first);
    });
    return Promise.resolve({ losses, predictions: predicted });
  }

  testOutputs(layer: number, count: number, reduce: OutputReduction): Promise<Float32Array> {
    const l = this.graph.layers[layer];
    if (!l) return Promise.reject(new Error(`layer ${layer} is not a layer of ${this.graph.spec.name} (0..${this.graph.layers.length - 1})`));
    const n = this.clampCount(count);
    const per = size(l.output);
    const channels = channelLayout(l.output);
    const out = new Float32Array(n * (reduce === 'none' ? per : channels.channels));
    const acts = this.layout.eval.net.acts[layer + 1];
    this.overTestSet(n, (first, rows) => {
      const values = f32(this.memory, acts);
      if (reduce === 'none') out.set(values.subarray(0, rows * per), first * per);
      else
        for (let r = 0; r < rows; r++)
          channelMaxima(values, channels, r * per, out.subarray((first + r) * channels.channels, (first + r + 1) * channels.channels));
    });
    return Promise.resolve(out);
  }

  private forwardOne(image: Float32Array): Float32Array {
    const { net, probs } = this.layout.one;
    const inputSize = size(this.graph.spec.input);
    if (image.length !== inputSize) throw new Error(`an image of ${image.length} values was given; ${this.graph.spec.name} reads ${inputSize}`);
    f32(this.memory, net.input).set(image);
    net.forward(this.run, NO_DRAW);
    this.run.parallel('softmax_probabilities', 1, [this.graph.spec.classes, net.logits.offset, probs.offset]);
    return f32(this.memory, probs).slice();
  }

  predict(image: Float32Array): Promise<Float32Array> {
    return Promise.resolve(this.forwardOne(image));
  }

  inspect(image: Float32Array, request?: InsideRequest): Promise<InsideReadback> {
    const { net } = this.layout.one;
    const probabilities = this.forwardOne(image);
    const predicted = argmax(f32(this.memory, net.logits));
    const { target, layer } = resolveInsideRequest(this.graph, predicted, request);
    const seed = f32(this.memory, net.logitsGrad);
    seed.fill(0);
    seed[target] = 1;
    let gradCam: InsideReadback['gradCam'] = null;
    net.backward(this.run, NO_DRAW, (i, outputGrad) => {
      if (i === layer) gradCam = { layer, map: gradCamMap(this.graph.layers[i].output, f32(this.memory, net.acts[i + 1]), f32(this.memory, outputGrad)) };
    });
    const filters = firstFilters(this.graph);
    const parts = [
      probabilities,
      f32(this.memory, net.outputGrads[0]!),
      ...net.acts.slice(1).map((r) => f32(this.memory, r)),
      ...(filters ? [f32(this.memory, sub(this.layout.model.params, filters.weight.offset, filters.weight.length))] : []),
    ];
    // One buffer, so the whole readback crosses to the page as one transfer.
    const buffer = new ArrayBuffer(parts.reduce((s, p) => s + p.length, 0) * 4);
    let at = 0;
    const views = parts.map((p) => {
      const view = new Float32Array(buffer, at * 4, p.length);
      view.set(p);
      at += p.length;
      return view;
    });
    const [probs, saliency, ...rest] = views;
    const activations = filters ? rest.slice(0, -1) : rest;
    return Promise.resolve({
      buffer,
      probabilities: probs,
      saliency,
      activations,
      filters: filters ? rest[rest.length - 1] : null,
      predicted,
      explained: target,
      gradCam,
    });
  }
}
