// A kernel's choice of variant as data. Each kernel family has one pure plan function,
// plan<Family>(shape, facts), that returns what runs: the variant, the shader and entry point,
// the variant's own overrides and the grid. The builders in src/gpu/kernels/ only apply it, so a
// choice is read, tested (the plans' *.node.test.ts) and printed (`npm run bench -- --kernels`)
// without a device. Only the plans read the device facts.
//
// Names: a shader file is src/shaders/<family>[-<variant>].wgsl (matmul-vec4.wgsl,
// conv2d-software.wgsl), fragments it appends are src/shaders/lib/; "software" names the
// barrier-free variants for software adapters, "vec4" those that read or store whole vec4s.
import type { Workgroups } from './dispatch.ts';
import type { Constants, ShaderSource } from './pipelines.ts';

/** What the plans know of the device. */
export interface DeviceFacts {
  /**
   * A software adapter (SwiftShader, llvmpipe): it runs workgroup barriers as costly coroutines and
   * pays per workgroup, so kernels that offer one take a barrier-free variant and fewer workgroups.
   */
  software: boolean;
}

/** The facts of a kernel context (a real GPU where `software` is absent). */
export function deviceFacts(ctx: { software?: boolean }): DeviceFacts {
  return { software: ctx.software === true };
}

/** One dispatch as its plan chose it. */
export interface KernelPlan<Variant extends string = string, Shader extends string = string> {
  variant: Variant;
  /** The ShaderSource name: the .wgsl file's base name, or a shader assembled from one. */
  shader: Shader;
  entryPoint: string;
  /** The variant's own overrides; the builder adds the shape's. */
  constants: Constants;
  workgroups: Workgroups;
}

// A million invocations fill any GPU (the grid-stride loop covers more). A software adapter pays
// per workgroup, so there a few hundred long loops run faster.
export const MAX_ELEMENTWISE_WORKGROUPS = 4096;
export const SOFTWARE_MAX_ELEMENTWISE_WORKGROUPS = 256;

/**
 * Workgroups for a 1-D grid-stride loop over `count` elements: enough to cover them, capped so
 * that large counts loop instead of overflowing the grid.
 */
export function gridStrideWorkgroups(count: number, wg = 256, cap = MAX_ELEMENTWISE_WORKGROUPS): Workgroups {
  return [Math.max(1, Math.min(Math.ceil(count / wg), cap)), 1, 1];
}

/** The element-wise kernels' plan: a grid-stride loop over `count`, capped for the adapter at hand. */
export function planElementwise(count: number, facts: DeviceFacts, wg = 256): Workgroups {
  return gridStrideWorkgroups(count, wg, facts.software ? SOFTWARE_MAX_ELEMENTWISE_WORKGROUPS : MAX_ELEMENTWISE_WORKGROUPS);
}

/** The parts of a dispatch a plan fills in, with its shader looked up by name. */
export function planned<S extends string>(
  plan: KernelPlan<string, S>,
  shaders: Record<S, ShaderSource>,
): { shader: ShaderSource; entryPoint: string; variant: string; workgroups: Workgroups } {
  return { shader: shaders[plan.shader], entryPoint: plan.entryPoint, variant: plan.variant, workgroups: plan.workgroups };
}
