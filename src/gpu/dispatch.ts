// A Dispatch is one kernel launch with everything bound: the unit the scheduler records once
// and replays every step. Kernel modules (src/gpu/kernels/<name>.ts) are async functions
// (ctx, shape, buffers, label) => Dispatch[]: they check the shape, pick constants and
// workgroup counts, and bind buffers in the shader's binding order.
import type { Constants, PipelineCache, ShaderSource } from './pipelines.ts';

export type Workgroups = readonly [number, number, number];

export interface Dispatch {
  label: string;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: Workgroups;
  /** What its plan chose (src/gpu/kernel-plan.ts), for readers such as `npm run bench -- --kernels`. */
  plan: DispatchPlan;
}

/** A dispatch's variant (empty where its kernel has one only), shader and entry point. */
export interface DispatchPlan {
  variant: string;
  shader: string;
  entryPoint: string;
}

/** A whole buffer, or a window of one (a per-step uniform slot, a weight inside a packed buffer). */
export type Binding = GPUBuffer | GPUBufferBinding;

/** Bytes a binding spans: the window's size, or the rest of the buffer past its offset. */
export function bindingBytes(b: Binding): number {
  if ('buffer' in b) return b.size ?? b.buffer.size - (b.offset ?? 0);
  return b.size;
}

/** Bytes of `count` floats rounded up to whole vec4s: what a kernel walking them four at a time binds. */
export function vec4Bytes(count: number): number {
  return Math.ceil(count / 4) * 16;
}

/** Throws, naming the binding, unless each reaches whole vec4s past `count` floats. */
export function requireWholeVec4s(label: string, bindings: Record<string, Binding>, count: number): void {
  const bytes = vec4Bytes(count);
  for (const [name, b] of Object.entries(bindings)) {
    if (bindingBytes(b) < bytes)
      throw new Error(`${label}: ${name} must hold ${count} floats rounded up to whole vec4s (${bytes} bytes), got ${bindingBytes(b)}`);
  }
}

export interface GpuContext {
  device: GPUDevice;
  pipelines: PipelineCache;
  /**
   * A software adapter (SwiftShader, llvmpipe); absent means a real GPU. Read only by the kernel
   * plans, through deviceFacts (src/gpu/kernel-plan.ts).
   */
  software?: boolean;
}

export function ceilDiv(n: number, d: number): number {
  return Math.ceil(n / d);
}

/** Workgroup counts for a grid of `size` invocations covered by workgroups of `wg`. */
export function workgroupsFor(size: readonly number[], wg: readonly number[]): Workgroups {
  return [ceilDiv(size[0] ?? 1, wg[0] ?? 1), ceilDiv(size[1] ?? 1, wg[1] ?? 1), ceilDiv(size[2] ?? 1, wg[2] ?? 1)];
}

export interface DispatchSpec {
  label: string;
  shader: ShaderSource;
  entryPoint?: string;
  constants?: Constants;
  /** Bound to @group(0) @binding(i), in order; null for a binding the entry point does not use. */
  bindings: (Binding | null)[];
  workgroups: Workgroups;
  /** The plan's variant, where the kernel has more than one. */
  variant?: string;
}

const MAX_WORKGROUPS_PER_DIM = 65535;

export async function makeDispatch(ctx: GpuContext, spec: DispatchSpec): Promise<Dispatch> {
  for (const n of spec.workgroups) {
    if (!Number.isInteger(n) || n < 1 || n > MAX_WORKGROUPS_PER_DIM) {
      throw new Error(`${spec.label}: workgroup count ${n} out of range (1..${MAX_WORKGROUPS_PER_DIM})`);
    }
  }
  const entryPoint = spec.entryPoint ?? 'main';
  const pipeline = await ctx.pipelines.get(spec.shader, entryPoint, spec.constants);
  const bindGroup = ctx.device.createBindGroup({
    label: spec.label,
    layout: pipeline.getBindGroupLayout(0),
    entries: spec.bindings.flatMap((b, binding) =>
      // Dawn for Node has no global GPUBuffer class, so tell the two apart by shape.
      b === null ? [] : [{ binding, resource: 'buffer' in b ? b : { buffer: b } }],
    ),
  });
  const plan = { variant: spec.variant ?? '', shader: spec.shader.name, entryPoint };
  return { label: spec.label, pipeline, bindGroup, workgroups: spec.workgroups, plan };
}

/** Records dispatches into one compute pass. */
export function encodeDispatches(pass: GPUComputePassEncoder, dispatches: readonly Dispatch[]): void {
  for (const d of dispatches) {
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
  }
}
