// The explain views' requests (issue 30): the digits of a confusion-matrix cell, the test digits
// that drive a channel, Grad-CAM, the embedding map and the layer histograms. Each reads the model
// in use through the engine interface, off the UI thread; what a pass over the test set gives is
// kept until the weights change, so browsing the cells or channels of one model costs one pass.
import type { LabelledImages, OutputReduction, TrainingModel } from '../../model/engine.ts';
import { channelLayout } from '../../model/channels.ts';
import type { ConfusionCell, EmbeddingMap, EmbeddingMethod, EmbeddingPlace, ExplainDigit, TopDigits } from '../protocol.ts';
import type { SessionParts } from '../session/parts.ts';
import { EmbeddingMaps } from './embedding.ts';
import { argmaxRow, cellDigits, softmaxRows, topRows } from './ranking.ts';

const PIXELS = 784;

/** A pass's result, kept for the weights it was read from. */
interface Kept {
  model: TrainingModel;
  step: number;
  generation: number;
  /** Test digits it read, from the first. */
  count: number;
  result: Promise<Float32Array>;
}

export class Explainer {
  /** Counts changes of weights that keep the model and its step (new weights set, a fine-tune). */
  private generation = 0;
  private readonly kept = new Map<string, Kept>();
  private probabilities: { logits: Float32Array; probs: Float32Array } | null = null;
  private readonly maps: EmbeddingMaps;

  constructor(
    private readonly parts: SessionParts,
    private readonly testSet: () => LabelledImages,
  ) {
    this.maps = new EmbeddingMaps(
      parts,
      testSet,
      (t, layer, count) => this.pass(t, layer, 'none', count),
      () => this.generation,
    );
  }

  /** The weights changed in a way the step does not show: forget every pass. */
  weightsChanged(): void {
    this.generation++;
    this.kept.clear();
    this.maps.close();
  }

  /** The first `count` test digits laid out in 2D (see embedding.ts). */
  embedding(count: number, method: EmbeddingMethod): Promise<EmbeddingMap> {
    return this.maps.map(count, method);
  }

  embeddingPlace(image: Float32Array): Promise<EmbeddingPlace | null> {
    return this.maps.place(image);
  }

  /** The map closed: nothing of it is kept, its passes over part of the test set included. */
  closeEmbedding(): void {
    this.maps.close();
    for (const [key, kept] of this.kept) if (kept.count !== this.testSet().count) this.kept.delete(key);
  }

  /** The digits of one confusion-matrix cell, on the model in use (held until the pass has read it). */
  confusionCell(truth: number, predicted: number, limit: number): Promise<ConfusionCell> {
    return this.parts.slot.read((t) => this.cellOf(t, truth, predicted, limit));
  }

  /** The test digits that drive one channel of a layer most, on the model in use. */
  topDigits(layer: number, channel: number, k: number): Promise<TopDigits> {
    return this.parts.slot.read((t) => this.topOf(t, layer, channel, k));
  }

  private async cellOf(t: TrainingModel, truth: number, predicted: number, limit: number): Promise<ConfusionCell> {
    const classes = t.graph.spec.classes;
    for (const [name, v] of Object.entries({ truth, predicted })) {
      if (!Number.isInteger(v) || v < 0 || v >= classes) throw new Error(`confusionCell: ${name} must be a class 0–${classes - 1}, got ${v}`);
    }
    const step = t.stepsDone;
    const probs = await this.testProbabilities(t);
    const test = this.testSet();
    const { total, digits } = cellDigits(probs, classes, test.labels, truth, predicted, Math.max(0, Math.floor(limit)));
    return { truth, predicted, step, total, digits: digits.map((d) => this.digit(d.index, probs, classes)) };
  }

  private async topOf(t: TrainingModel, layer: number, channel: number, k: number): Promise<TopDigits> {
    const l = t.graph.layers[layer];
    if (!Number.isInteger(layer) || !l) throw new Error(`topDigits: layer ${layer} is not one of the network's ${t.graph.layers.length} layers (0-based)`);
    const step = t.stepsDone;
    const [maxima, probs] = await Promise.all([this.pass(t, layer, 'channel-max'), this.testProbabilities(t)]);
    const ranked = topRows(maxima, channelLayout(l.output).channels, channel, Math.max(1, Math.floor(k)));
    const classes = t.graph.spec.classes;
    return { layer, channel, step, digits: ranked.map((r) => ({ ...this.digit(r.index, probs, classes), activation: r.value })) };
  }

  private digit(index: number, probs: Float32Array, classes: number): ExplainDigit {
    const test = this.testSet();
    const predicted = argmaxRow(probs, index * classes, classes);
    return {
      index,
      label: test.labels[index],
      predicted,
      probability: probs[index * classes + predicted],
      pixels: test.images.slice(index * PIXELS, (index + 1) * PIXELS),
    };
  }

  /** Class probabilities of every test digit, from the last layer's logits. */
  private async testProbabilities(t: TrainingModel): Promise<Float32Array> {
    const logits = await this.pass(t, t.graph.layers.length - 1, 'none');
    if (this.probabilities?.logits !== logits) this.probabilities = { logits, probs: softmaxRows(logits, t.graph.spec.classes) };
    return this.probabilities.probs;
  }

  /** One layer's outputs over the whole test set (or its first `count` digits), kept while the weights stay. */
  private pass(t: TrainingModel, layer: number, reduce: OutputReduction, count = this.testSet().count): Promise<Float32Array> {
    const key = `${layer}/${reduce}/${count}`;
    const same = (k: Kept) => k.model === t && k.step === t.stepsDone && k.generation === this.generation;
    // Passes of other weights are of no more use: keep none of them.
    for (const [k, v] of this.kept) if (!same(v)) this.kept.delete(k);
    const kept = this.kept.get(key);
    if (kept) return kept.result;
    const result = t.reading.testOutputs(layer, count, reduce);
    const entry: Kept = { model: t, step: t.stepsDone, generation: this.generation, count, result };
    this.kept.set(key, entry);
    // A refused pass is not kept: the next request tries again.
    result.catch(() => {
      if (this.kept.get(key) === entry) this.kept.delete(key);
    });
    return result;
  }
}
