// The reading model (src/model/engine.ts) of a trainer's live weights: the forward-only plans of
// the test-set evaluation, one-image prediction and the inside view. Each is made on its first request, inside error scopes (see
// buildInErrorScopes); a refused one is forgotten, so a later request tries again.
import type { GpuSplit } from './dataset.ts';
import { buildInErrorScopes } from './device.ts';
import type { GpuContext } from './dispatch.ts';
import { EvalPlan, PredictPlan } from './eval-plan.ts';
import { InsidePlan } from './inside-plan.ts';
import { readTestOutputs } from './test-outputs.ts';
import type { InsideReadback, OutputReduction, ReadingModel, SplitResult } from '../model/engine.ts';
import type { InsideRequest } from '../model/grad-cam.ts';
import type { ModelGraph } from '../model/graph.ts';

type Freeable = { arena: { destroy(): void } };

/** One plan, made on first use; a refusal is not kept. */
class LazyPlan<P extends Freeable> {
  private made: Promise<P> | null = null;

  constructor(
    private readonly device: GPUDevice,
    private readonly what: string,
    private readonly build: () => Promise<P>,
  ) {}

  get(): Promise<P> {
    if (!this.made) {
      const made = buildInErrorScopes(this.device, this.what, this.build, (p) => p.arena.destroy());
      made.catch(() => {
        if (this.made === made) this.made = null;
      });
      this.made = made;
    }
    return this.made;
  }

  /** Frees the plan if it was made; one that was refused has nothing to free. */
  async destroy(): Promise<void> {
    await this.made?.then(
      (p) => p.arena.destroy(),
      () => undefined,
    );
  }
}

export class GpuReadingModel implements ReadingModel {
  private readonly evaluation: LazyPlan<EvalPlan>;
  private readonly prediction: LazyPlan<PredictPlan>;
  private readonly inside: LazyPlan<InsidePlan>;

  constructor(
    private readonly ctx: GpuContext,
    private readonly graph: ModelGraph,
    weights: { params: GPUBuffer; state: GPUBuffer },
    test: GpuSplit,
  ) {
    const of = `of ${graph.spec.name}`;
    this.evaluation = new LazyPlan(ctx.device, `the test-set evaluation plan ${of}`, () => EvalPlan.build(ctx, graph, weights, test));
    this.prediction = new LazyPlan(ctx.device, `the prediction plan ${of}`, () => PredictPlan.build(ctx, graph, weights));
    this.inside = new LazyPlan(ctx.device, `the inside-view plan ${of}`, () => InsidePlan.build(ctx, graph, weights));
  }

  async evaluate(limit?: number): Promise<SplitResult> {
    return (await this.evaluation.get()).run(limit);
  }

  async predict(image: Float32Array): Promise<Float32Array> {
    return (await this.prediction.get()).run(image);
  }

  async inspect(image: Float32Array, request?: InsideRequest): Promise<InsideReadback> {
    return (await this.inside.get()).run(image, request);
  }

  async testOutputs(layer: number, count: number, reduce: OutputReduction): Promise<Float32Array> {
    return readTestOutputs(this.ctx, this.graph, await this.evaluation.get(), layer, count, reduce);
  }

  async destroy(): Promise<void> {
    await Promise.all([this.evaluation, this.prediction, this.inside].map((p) => p.destroy()));
  }
}
