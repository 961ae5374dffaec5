// The GPU engine's layer histograms (TrainingModel.layerHistograms): one histogram dispatch over
// the training plan's packed parameters and gradients, read back at once. The tensor ranges and
// the result live for one call; the one buffer kept is the weights of the previous call, which
// the update norm is measured from, made at the first call (a model never asked keeps none).
import { readBuffers } from './read-buffers.ts';
import { encodeDispatches, type GpuContext } from './dispatch.ts';
import { histogram, histogramStride } from './kernels/histogram.ts';
import { checkBins, parameterRanges, type Histogram, type LayerHistogramReadback } from '../model/histogram.ts';
import type { ModelGraph } from '../model/graph.ts';

const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

export class GpuLayerHistograms {
  private previous: GPUBuffer | null = null;
  /** The step of the weights in `previous`; null when they are none the model's weights came from by training. */
  private previousStep: number | null = null;

  constructor(
    private readonly ctx: GpuContext,
    private readonly graph: ModelGraph,
    private readonly buffers: { params: GPUBuffer; grads: GPUBuffer },
  ) {}

  async read(step: number, bins: number): Promise<LayerHistogramReadback> {
    checkBins(bins);
    const { device } = this.ctx;
    const layers = parameterRanges(this.graph);
    const rangeWords = new Uint32Array(layers.flatMap((l) => l.ranges.flatMap((r) => [r.offset, r.length])));
    const layerWords = new Uint32Array(layers.length * 2);
    let first = 0;
    layers.forEach((l, i) => {
      layerWords.set([first, l.ranges.length], i * 2);
      first += l.ranges.length;
    });
    const stride = histogramStride(bins);
    const outBytes = layers.length * 2 * stride * 4;
    this.previous ??= device.createBuffer({ label: 'layer-histograms.previous', size: this.graph.paramFloats * 4, usage: STORAGE });
    const temporary = [
      device.createBuffer({ label: 'layer-histograms.ranges', size: rangeWords.byteLength, usage: STORAGE }),
      device.createBuffer({ label: 'layer-histograms.layers', size: layerWords.byteLength, usage: STORAGE }),
      device.createBuffer({ label: 'layer-histograms.out', size: outBytes, usage: STORAGE }),
    ];
    const [ranges, layerBuffer, out] = temporary;
    try {
      device.queue.writeBuffer(ranges, 0, rangeWords);
      device.queue.writeBuffer(layerBuffer, 0, layerWords);
      const dispatches = await histogram(
        this.ctx,
        { bins, layers: layers.length },
        { params: this.buffers.params, grads: this.buffers.grads, previous: this.previous, ranges, layers: layerBuffer, out },
      );
      const encoder = device.createCommandEncoder({ label: 'layer histograms' });
      const pass = encoder.beginComputePass({ label: 'layer histograms' });
      encodeDispatches(pass, dispatches);
      pass.end();
      device.queue.submit([encoder.finish()]);
      const [bytes] = await readBuffers(device, 'layer-histograms/readback', [{ buffer: out, bytes: outBytes }]);
      const words = new Uint32Array(bytes);
      const floats = new Float32Array(bytes);
      const histogramAt = (at: number): Histogram => ({ min: floats[at], max: floats[at + 1], counts: Array.from(words.subarray(at + 4, at + stride)) });
      const sinceStep = this.previousStep;
      this.previousStep = step;
      return {
        step,
        sinceStep,
        layers: layers.map(({ layer }, i) => {
          const w = i * 2 * stride;
          const g = w + stride;
          return {
            layer,
            weights: histogramAt(w),
            gradients: histogramAt(g),
            weightNorm: Math.sqrt(floats[w + 2]),
            updateNorm: sinceStep === null ? null : Math.sqrt(floats[w + 3]),
          };
        }),
      };
    } finally {
      for (const b of temporary) b.destroy();
    }
  }

  /** Weights put in from outside (a restore, new weights): the next call has nothing to measure the update from. */
  forget(): void {
    this.previousStep = null;
  }

  destroy(): void {
    this.previous?.destroy();
    this.previous = null;
    this.previousStep = null;
  }
}
