// The embedding map (issue 30): the first test digits' features, where the last dense layer reads
// them, laid out in 2D, and the drawn digit placed on the same map. The features are read in one
// pass on the engine while the model is held; the projection runs after it, in pieces (see
// projection.ts), so a long UMAP holds up neither a model swap nor the worker's other answers.
// The last map is kept, for the drawn digit's place, until the weights change or the map closes.
import type { LabelledImages, TrainingModel } from '../../model/engine.ts';
import type { EmbeddingMap, EmbeddingMethod, EmbeddingPlace } from '../protocol.ts';
import type { SessionParts } from '../session/parts.ts';
import { denseArgmax, embeddingSource, type EmbeddingSource } from './embedding-layer.ts';
import { project, type Projection } from './projection.ts';
import { argmaxRow } from './ranking.ts';

const PIXELS = 784;
/** Every map of the same features is the same map. */
const SEED = 30;

/** One layer's outputs for the first `count` test digits (the explainer's kept passes). */
export type TestPass = (t: TrainingModel, layer: number, count: number) => Promise<Float32Array>;

interface Made {
  model: TrainingModel;
  step: number;
  generation: number;
  layer: number;
  projection: Projection;
  map: EmbeddingMap;
}

export class EmbeddingMaps {
  private made: Made | null = null;
  /** Bumped by each request and by close: a projection sees it change and stops. */
  private asked = 0;

  constructor(
    private readonly parts: SessionParts,
    private readonly testSet: () => LabelledImages,
    private readonly pass: TestPass,
    private readonly generation: () => number,
  ) {}

  async map(count: number, method: EmbeddingMethod): Promise<EmbeddingMap> {
    if (method !== 'pca' && method !== 'umap') throw new Error(`embedding: the method must be 'pca' or 'umap', got ${String(method)}`);
    const ask = ++this.asked;
    const n = Math.min(Math.floor(count), this.testSet().count);
    if (!(n > 0)) throw new Error(`embedding: count must be a positive whole number, got ${count}`);
    const read = await this.parts.slot.read(async (t) => {
      const source = embeddingSource(t.graph);
      const step = t.stepsDone;
      const generation = this.generation();
      const made = this.made;
      if (made && made.model === t && made.step === step && made.generation === generation && made.map.method === method && made.map.count === n)
        return { kept: true as const, map: made.map };
      const features = source.layer < 0 ? this.pixels(n) : await this.pass(t, source.layer, n);
      return { kept: false as const, model: t, step, generation, source, features, predicted: await this.predicted(t, source, features, n) };
    });
    if (read.kept) return read.map;
    const { model, step, generation, source, features, predicted } = read;
    const pause = () =>
      new Promise<void>((resolve, reject) =>
        setTimeout(() => (ask === this.asked ? resolve() : reject(new Error('embedding: a newer map was asked for, or the map was closed'))), 0),
      );
    const projection = await project(method, features, source.width, SEED, pause);
    const test = this.testSet();
    const map: EmbeddingMap = {
      step,
      method,
      source: source.name,
      width: source.width,
      count: n,
      places: projection.places,
      labels: test.labels.slice(0, n),
      predicted,
      pixels: test.images.slice(0, n * PIXELS),
    };
    if (ask === this.asked) this.made = { model, step, generation, layer: source.layer, projection, map };
    return map;
  }

  async place(image: Float32Array): Promise<EmbeddingPlace | null> {
    const made = this.made;
    if (!made) return null;
    const read = await this.parts.slot.read(async (t) => (t === made.model ? await t.reading.inspect(image) : null));
    if (!read || this.made !== made) return null;
    const [x, y] = await made.projection.place(made.layer < 0 ? image : read.activations[made.layer]);
    return { x, y, predicted: read.predicted, step: made.step };
  }

  /** Stops a map being made and forgets the last one. */
  close(): void {
    this.asked++;
    this.made = null;
  }

  /** The class each digit is read as: from the features by the last dense layer's weights, or else from a pass for the logits. */
  private async predicted(t: TrainingModel, source: EmbeddingSource, features: Float32Array, n: number): Promise<Uint8Array> {
    const last = source.classifier;
    if (last) {
      const weights = await t.getWeights();
      return denseArgmax(features, source.width, weights[`${last.name}.weight`].data, weights[`${last.name}.bias`]?.data ?? null, last.units);
    }
    const classes = t.graph.spec.classes;
    const logits = await this.pass(t, t.graph.layers.length - 1, n);
    return Uint8Array.from({ length: n }, (_, i) => argmaxRow(logits, i * classes, classes));
  }

  /** The first `n` test images as the network reads them, floats in [0, 1]. */
  private pixels(n: number): Float32Array {
    return Float32Array.from(this.testSet().images.subarray(0, n * PIXELS), (v) => v / 255);
  }
}
