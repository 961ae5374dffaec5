// A model's forward and backward pass on the CPU: the layers' builds composed over regions laid
// out in the model's arena, one network per plan (training at the run's batch, the test-set
// evaluation, one image), all sharing the model's parameter, gradient and state regions. As the
// reference (src/reference/network.ts) does, the backward pass undoes each layer's activation on
// its output gradient before the layer's own backward.
import { activationCode } from '../model/activation.ts';
import type { ModelGraph, TensorEntry } from '../model/graph.ts';
import { size } from '../model/shape.ts';
import { sub, type ArenaPlan, type Region } from './arena.ts';
import { cpuLayer } from './layers/index.ts';
import type { CpuLayer, StepDraw } from './layers/layer.ts';
import type { Run } from './run.ts';

/** The model's packed tensors, shared by every network of one model. */
export interface ModelRegions {
  params: Region;
  state: Region;
  /** Gradients packed like params; written by each backward. */
  grads: Region;
}

export interface NetworkOptions {
  batch: number;
  /** Batch statistics, dropout and running-statistics updates (a training step), or the reading forward. */
  training: boolean;
  /** Whether the backward pass is laid out (training, and the saliency of one image). */
  backward: boolean;
  /** Whether the backward pass goes on to the input's gradient (the saliency). */
  inputGradient?: boolean;
  /** Names this network's regions in the arena: "train", "eval", "one". */
  label: string;
}

const windows = (packed: Region, entries: TensorEntry[]) => entries.map((e) => sub(packed, e.offset, e.length, e.fullName));

export class CpuNetwork {
  /** acts[0] is the input, acts[i + 1] layer i's output; the last the logits. */
  readonly acts: Region[];
  /** grads[i + 1]: dL/d(layer i's output), the last the logits' gradient; grads[0] the input's, when asked for. */
  readonly outputGrads: (Region | null)[];
  private readonly layers: CpuLayer[];

  constructor(
    readonly graph: ModelGraph,
    model: ModelRegions,
    readonly options: NetworkOptions,
    plan: ArenaPlan,
  ) {
    const { batch, training, backward, label } = options;
    const shapes = [graph.spec.input, ...graph.layers.map((l) => l.output)];
    this.acts = shapes.map((s, i) => plan.floats(`${label}/${i === 0 ? 'input' : graph.layers[i - 1].spec.name}`, batch * size(s)));
    this.outputGrads = shapes.map((s, i) =>
      backward && (i > 0 || options.inputGradient) ? plan.floats(`${label}/d${i === 0 ? 'input' : graph.layers[i - 1].spec.name}`, batch * size(s)) : null,
    );
    this.layers = graph.layers.map((l) =>
      cpuLayer(l.spec).build({
        spec: l.spec,
        layer: l,
        batch,
        training,
        x: this.acts[l.index],
        y: this.acts[l.index + 1],
        params: windows(model.params, l.params),
        // A reading plan's backward (the saliency) wants the input's gradient alone: no parameter gradients.
        grads: backward && training ? windows(model.grads, l.params) : [],
        state: windows(model.state, l.state),
        dy: this.outputGrads[l.index + 1],
        dx: this.outputGrads[l.index],
        plan,
      }),
    );
  }

  get input(): Region {
    return this.acts[0];
  }

  get logits(): Region {
    return this.acts[this.acts.length - 1];
  }

  /** dL/d(logits): the loss kernel writes it before backward. */
  get logitsGrad(): Region {
    const g = this.outputGrads[this.outputGrads.length - 1];
    if (!g) throw new Error(`network ${this.options.label} has no backward pass`);
    return g;
  }

  forward(run: Run, step: StepDraw): void {
    for (const layer of this.layers) layer.forward(run, step);
  }

  /**
   * From the logits' gradient to every parameter's (and the input's, when laid out). `reached`
   * sees each layer's output gradient as it stands before that layer's activation is undone in
   * place: the gradient w.r.t. the output itself (Grad-CAM reads it).
   */
  backward(run: Run, step: StepDraw, reached?: (layer: number, outputGrad: Region) => void): void {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l = this.graph.layers[i];
      reached?.(i, this.outputGrads[i + 1]!);
      const code = activationCode(l.activation);
      const dy = this.outputGrads[i + 1]!;
      if (code !== 0) run.parallel('activation_backward', dy.floats, [code, this.acts[i + 1].offset, dy.offset], 4);
      this.layers[i].backward(run, step);
    }
  }
}
