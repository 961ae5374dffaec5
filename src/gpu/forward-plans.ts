// The forward-only plans over a trainer's live weights: the test-set evaluation, one-image
// prediction and the inside view. Each is made on its first request, inside error scopes (see
// buildInErrorScopes); a refused one is forgotten, so a later request tries again.
import type { GpuSplit } from './dataset.ts';
import { buildInErrorScopes } from './device.ts';
import type { GpuContext } from './dispatch.ts';
import { EvalPlan, PredictPlan, type SplitResult } from './eval-plan.ts';
import { InsidePlan, type InsideReadback } from './inside-plan.ts';
import type { ModelGraph } from '../model/graph.ts';

type Weights = { params: GPUBuffer; state: GPUBuffer };

export class ForwardPlans {
  private evalPlan: Promise<EvalPlan> | null = null;
  private predictPlan: Promise<PredictPlan> | null = null;
  private insidePlan: Promise<InsidePlan> | null = null;

  constructor(
    private readonly ctx: GpuContext,
    private readonly graph: ModelGraph,
    private readonly weights: Weights,
    private readonly test: GpuSplit,
  ) {}

  async evaluate(limit?: number): Promise<SplitResult> {
    this.evalPlan ??= this.build(
      'the test-set evaluation plan',
      () => EvalPlan.build(this.ctx, this.graph, this.weights, this.test),
      () => (this.evalPlan = null),
    );
    return (await this.evalPlan).run(limit);
  }

  async predict(image: Float32Array): Promise<Float32Array> {
    this.predictPlan ??= this.build(
      'the prediction plan',
      () => PredictPlan.build(this.ctx, this.graph, this.weights),
      () => (this.predictPlan = null),
    );
    return (await this.predictPlan).run(image);
  }

  async inspect(image: Float32Array): Promise<InsideReadback> {
    this.insidePlan ??= this.build(
      'the inside-view plan',
      () => InsidePlan.build(this.ctx, this.graph, this.weights),
      () => (this.insidePlan = null),
    );
    return (await this.insidePlan).run(image);
  }

  private build<P extends { arena: { destroy(): void } }>(what: string, build: () => Promise<P>, forget: () => void): Promise<P> {
    const made = buildInErrorScopes(this.ctx.device, `${what} of ${this.graph.spec.name}`, build, (p) => p.arena.destroy());
    made.catch(forget);
    return made;
  }

  /** Frees the plans made so far; one that was refused has nothing to free. */
  async destroy(): Promise<void> {
    for (const plan of [this.evalPlan, this.predictPlan, this.insidePlan])
      await plan?.then(
        (p) => p.arena.destroy(),
        () => undefined,
      );
  }
}
