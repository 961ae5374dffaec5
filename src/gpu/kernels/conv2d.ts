// conv2d as implicit GEMMs: forward (+bias, activation) and gradient w.r.t. the input; the filter
// and bias gradients are conv2d-grad-filter.ts. Activations NCHW, filters [outC, inC, k, k];
// padding and output size follow TF/Keras. Which kernel runs is conv2d-plan.ts's choice.
import forwardCode from '../../shaders/conv2d.wgsl?raw';
import gradInputCode from '../../shaders/conv2d-grad-input.wgsl?raw';
import softwareCode from '../../shaders/conv2d-software.wgsl?raw';
import shapeWgsl from '../../shaders/lib/conv2d-shape.wgsl?raw';
import softwareStoreCode from '../../shaders/lib/conv2d-software-store.wgsl?raw';
import softwareStoreVec4Code from '../../shaders/lib/conv2d-software-store-vec4.wgsl?raw';
import activationWgsl from '../../shaders/lib/activation.wgsl?raw';
import acc8Wgsl from '../../shaders/lib/acc8.wgsl?raw';
import { makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { deviceFacts, planned } from '../kernel-plan.ts';
import { conv2dGeometry, type Conv2dShape } from '../../model/geometry.ts';
import { activationCode } from '../../model/activation.ts';
import type { ShaderSource } from '../pipelines.ts';
import { pad, padBytes } from './pad.ts';
import { borderedGrad, borderedInput, requireScratch, softwareInput } from './conv2d-common.ts';
import { conv2dSoftware, planConv2d, planConv2dGradInput, type Conv2dShaderName } from './conv2d-plan.ts';
import { conv2dGradFilterScratchBytes } from './conv2d-grad-filter-plan.ts';

// The appended fragments go after the kernel, so compile errors keep its own line numbers.
const tail = (...fragments: string[]) => [shapeWgsl, ...fragments].join('\n');
export const conv2dShader = { name: 'conv2d', code: `${forwardCode}\n${tail(activationWgsl)}` };
export const conv2dGradInputShader = { name: 'conv2d-grad-input', code: `${gradInputCode}\n${tail()}` };
export const conv2dSoftwareShader = { name: 'conv2d-software', code: `${softwareCode}\n${tail(softwareStoreCode, activationWgsl, acc8Wgsl)}` };
export const conv2dSoftwareVec4Shader = { name: 'conv2d-software-vec4', code: `${softwareCode}\n${tail(softwareStoreVec4Code, activationWgsl, acc8Wgsl)}` };
const SHADERS: Record<Conv2dShaderName, ShaderSource> = {
  conv2d: conv2dShader,
  'conv2d-grad-input': conv2dGradInputShader,
  'conv2d-software': conv2dSoftwareShader,
  'conv2d-software-vec4': conv2dSoftwareVec4Shader,
};

export interface Conv2dBuffers {
  x: Binding;
  w: Binding;
  /** Length outC; omit for none. */
  bias?: Binding;
  out: Binding;
  /** On a software adapter with 'same' padding: x's zero-bordered copy (conv2dScratchBytes 'padded-x'). */
  paddedX?: Binding;
}

/**
 * Bytes of each buffer the convolution needs besides its input, output and gradients, by name:
 * the filter gradient's split-K partials, and on a software adapter the zero-bordered copies.
 */
export function conv2dScratchBytes(shape: Conv2dShape, o: { software: boolean; train: boolean; dx: boolean }): Record<string, number> {
  const g = conv2dGeometry(shape);
  const sizes: Record<string, number> = {};
  const software = conv2dSoftware(shape, g, { software: o.software });
  if (software && shape.padding !== 'valid') sizes['padded-x'] = padBytes(borderedInput(shape, g));
  if (!o.train) return sizes;
  if (software && o.dx && shape.stride === 1) sizes['padded-dy'] = padBytes(borderedGrad(shape, g));
  sizes['grad-filter-scratch'] = conv2dGradFilterScratchBytes(shape);
  return sizes;
}

/** out = activation(conv(x, w) + bias), after bordering x where the plan reads its bordered copy. */
export async function conv2d(ctx: GpuContext, shape: Conv2dShape, buffers: Conv2dBuffers, label = 'conv2d'): Promise<Dispatch[]> {
  const g = conv2dGeometry(shape, label);
  const p = planConv2d(shape, deviceFacts(ctx));
  const constants = { ...p.constants, BIAS: buffers.bias ? 1 : 0, ACTIVATION: activationCode(shape.activation ?? 'none', label) };
  // With no bias the binding is still declared; any read-only buffer stands in, unread.
  const bias = buffers.bias ?? buffers.w;
  const x = p.variant === 'tiled' ? buffers.x : softwareInput(shape, g, buffers.x, buffers.paddedX, label);
  const border = p.border ? [await pad(ctx, p.border, { x: buffers.x, padded: x }, `${label}.pad`)] : [];
  return [...border, await makeDispatch(ctx, { label, ...planned(p, SHADERS), constants, bindings: [x, buffers.w, bias, buffers.out] })];
}

export interface Conv2dGradInputBuffers {
  /** Gradient w.r.t. the pre-activation output, [batch, outC, outH, outW]. */
  dy: Binding;
  w: Binding;
  /** [batch, inC, inH, inW], overwritten. */
  dx: Binding;
  /** On a software adapter at stride 1: dy's zero-bordered copy (conv2dScratchBytes 'padded-dy'). */
  paddedDy?: Binding;
}

/** dx = conv2dᵀ(dy, w), after bordering dy where the plan reads its bordered copy. */
export async function conv2dGradInput(ctx: GpuContext, shape: Conv2dShape, buffers: Conv2dGradInputBuffers, label = 'conv2d.grad-input'): Promise<Dispatch[]> {
  conv2dGeometry(shape, label);
  const p = planConv2dGradInput(shape, deviceFacts(ctx));
  if (p.border) {
    const padded = requireScratch(label, 'paddedDy', buffers.paddedDy, padBytes(p.border));
    const convT = await makeDispatch(ctx, { label, ...planned(p, SHADERS), constants: p.constants, bindings: [padded, buffers.w, buffers.w, buffers.dx] });
    return [await pad(ctx, p.border, { x: buffers.dy, padded }, `${label}.pad`), convT];
  }
  return [await makeDispatch(ctx, { label, ...planned(p, SHADERS), constants: p.constants, bindings: [buffers.dy, buffers.w, buffers.dx] })];
}
