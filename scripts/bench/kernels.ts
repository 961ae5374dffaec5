// --kernels: GPU time and GFLOP/s of each layer's forward and backward at each batch size, from
// the dispatches the trainer's plan really runs, not from copies of them: any layer kind is
// covered, with no code here per kind. Layers label their dispatches "<layer>.<what>", so a
// label's prefix names its layer; the plan's forward and backward lists give the phase. Each
// dispatch also says what its kernel plan chose (src/gpu/kernel-plan.ts): variant, entry, grid.
import type { Dispatch } from '../../src/gpu/dispatch.ts';
import type { TrainPlan } from '../../src/gpu/train-plan.ts';
import { countFlops } from '../../src/model/flops.ts';
import type { ModelGraph } from '../../src/model/graph.ts';
import { timeDispatches } from './gpu-timer.ts';
import type { DispatchFigure, KernelFigure } from './report.ts';

/** A layer's forward or backward pass, or the step's own dispatches (gather, loss, optimizer). */
export type Phase = 'forward' | 'backward' | 'step';

export interface TimedDispatch {
  label: string;
  ms: number;
  phase: Phase;
  /** What ran: the plan's variant ('' where the kernel has one only), "shader:entry" and the grid. */
  plan: { variant: string; entry: string; grid: string };
}

/** A dispatch's plan as the --kernels table prints it. */
export function planOf(d: Dispatch): TimedDispatch['plan'] {
  return { variant: d.plan.variant, entry: `${d.plan.shader}:${d.plan.entryPoint}`, grid: d.workgroups.join('×') };
}

/**
 * Times every dispatch of one training step (the plan's slot 0) in order, so that each reads
 * what the one before it wrote, as in training.
 */
export async function timeStep(
  device: GPUDevice,
  plan: TrainPlan,
  opts: { repeats: number; timestamps: boolean; now: () => number },
): Promise<TimedDispatch[]> {
  const step = plan.steps[0];
  const forward = new Set<Dispatch>(plan.network.forward(0));
  const backward = new Set<Dispatch>(plan.network.backward(0));
  const times = await timeDispatches(device, step, opts);
  return times.map((t, i) => ({
    ...t,
    phase: forward.has(step[i]) ? 'forward' : backward.has(step[i]) ? 'backward' : 'step',
    plan: planOf(step[i]),
  }));
}

/** "conv1.grad-filter.partials" → "conv1", "bn1.forward/stats" → "bn1"; layer names hold neither "." nor "/". */
function labelPrefix(label: string): string {
  return label.split(/[./#]/)[0];
}

interface Row extends KernelFigure {
  flops: number;
}

/**
 * One row per layer and phase, in model order, then one per step dispatch in step order, each
 * with its dispatches' plans and times. The FLOPs are the layer kind's count
 * (src/model/flops.ts) for the whole batch.
 */
export function layerFigures(graph: ModelGraph, batch: number, timed: readonly TimedDispatch[]): KernelFigure[] {
  const flops = countFlops(graph).layers;
  const layerRows = new Map<string, Row>();
  const stepRows = new Map<string, Row>();
  for (const t of timed) {
    const name = labelPrefix(t.label);
    let row: Row | undefined;
    if (t.phase === 'step') {
      row = stepRows.get(name);
      if (!row)
        stepRows.set(
          name,
          (row = { kernel: name, kind: 'step', batch, shape: `batch ${batch}`, ms: 0, dispatches: 0, gflop_per_s: null, plans: [], flops: 0 }),
        );
    } else {
      const key = `${name} ${t.phase}`;
      row = layerRows.get(key);
      if (!row) {
        const layer = graph.layers.find((l) => l.spec.name === name);
        if (!layer) throw new Error(`--kernels: dispatch "${t.label}" of the ${t.phase} pass names no layer of ${graph.spec.name}`);
        const shape = `${batch}×${layer.input.join('×')} → ${layer.output.join('×')}`;
        const perSample = flops[layer.index][t.phase];
        layerRows.set(
          key,
          (row = { kernel: key, kind: layer.spec.kind, batch, shape, ms: 0, dispatches: 0, gflop_per_s: null, plans: [], flops: perSample * batch }),
        );
      }
    }
    row.ms += t.ms;
    row.dispatches++;
    row.plans.push(dispatchFigure(t));
  }
  const ordered = graph.layers.flatMap((l) =>
    (['forward', 'backward'] as const).map((p) => layerRows.get(`${l.spec.name} ${p}`)).filter((r) => r !== undefined),
  );
  return [...ordered, ...stepRows.values()].map(({ flops: f, ...row }) => ({ ...row, gflop_per_s: f > 0 && row.ms > 0 ? f / (row.ms * 1e6) : null }));
}

function dispatchFigure(t: TimedDispatch): DispatchFigure {
  return { label: t.label, ...t.plan, ms: t.ms };
}
