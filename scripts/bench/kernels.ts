// --kernels: GFLOP/s of the GEMM-shaped kernels at the shapes the chosen model runs them, per
// batch size: the dense layers' matmuls forward and backward, and conv2d forward and gradients.
import { conv2d, conv2dGradFilter, conv2dGradFilterScratchBytes, conv2dGradInput } from '../../src/gpu/kernels/conv2d.ts';
import { conv2dGeometry, type Conv2dShape } from '../../src/model/geometry.ts';
import { matmul, matmulScratchBytes, type MatmulShape } from '../../src/gpu/kernels/matmul.ts';
import type { Dispatch, GpuContext } from '../../src/gpu/dispatch.ts';
import { rng } from '../../src/data/random.ts';
import { buildGraph } from '../../src/gpu/graph.ts';
import { size, type ModelSpec } from '../../src/gpu/models.ts';
import { timeDispatches } from './gpu-timer.ts';
import type { KernelFigure } from './report.ts';

interface KernelCase {
  kernel: string;
  shape: string;
  flops: number;
  build: (ctx: GpuContext, buffer: (floats: number) => GPUBuffer) => Promise<Dispatch[]>;
}

function matmulCase(kernel: string, s: MatmulShape, bias = false): KernelCase {
  const t = `${s.transA ? 'ᵀ' : ''}${s.transB ? ' Bᵀ' : ''}`;
  return {
    kernel,
    shape: `${s.M}×${s.N}×${s.K}${t}`,
    flops: 2 * s.M * s.N * s.K,
    build: (ctx, buf) => {
      const scratch = matmulScratchBytes(s);
      return matmul(ctx, s, { a: buf(s.M * s.K), b: buf(s.K * s.N), bias: bias ? buf(s.N) : undefined, out: buf(s.M * s.N), scratch: scratch > 0 ? buf(scratch / 4) : undefined }, kernel);
    },
  };
}

function convCases(name: string, s: Conv2dShape, gradInput: boolean): KernelCase[] {
  const g = conv2dGeometry(s);
  const x = s.batch * s.inC * s.inH * s.inW;
  const w = s.outC * s.inC * s.kernel * s.kernel;
  const y = s.batch * s.outC * g.outH * g.outW;
  const flops = 2 * y * s.inC * s.kernel * s.kernel;
  const shape = `${s.batch}×${s.inC}×${s.inH}×${s.inW} → ${s.outC} ${s.kernel}×${s.kernel} ${s.padding}`;
  const cases: KernelCase[] = [
    { kernel: `${name} forward`, shape, flops, build: (ctx, buf) => conv2d(ctx, s, { x: buf(x), w: buf(w), bias: buf(s.outC), out: buf(y) }, `${name} forward`) },
    {
      kernel: `${name} grad-filter`,
      shape,
      flops,
      build: (ctx, buf) =>
        conv2dGradFilter(ctx, s, { dy: buf(y), x: buf(x), dw: buf(w), db: buf(s.outC), scratch: buf(conv2dGradFilterScratchBytes(s) / 4) }, `${name} grad-filter`),
    },
  ];
  if (gradInput) {
    cases.push({ kernel: `${name} grad-input`, shape, flops, build: (ctx, buf) => conv2dGradInput(ctx, s, { dy: buf(y), w: buf(w), dx: buf(x) }, `${name} grad-input`) });
  }
  return cases;
}

/**
 * The GEMM-shaped kernels of `model` at batch `b`, as its training step runs them: each conv's
 * forward and gradients, each dense layer's three matmuls. The first layer has no grad-input.
 */
export function modelCases(model: ModelSpec, b: number): KernelCase[] {
  return buildGraph(model).layers.flatMap(({ spec, input }, i): KernelCase[] => {
    if (spec.kind === 'conv2d') {
      const [inC, inH, inW] = input;
      return convCases(spec.name, { batch: b, inC, inH, inW, outC: spec.filters, kernel: spec.kernel, stride: spec.stride, padding: spec.padding, relu: spec.relu }, i > 0);
    }
    if (spec.kind !== 'dense') return [];
    const K = size(input);
    const cases = [
      matmulCase(`${spec.name} forward`, { M: b, N: spec.units, K, relu: spec.relu }, true),
      matmulCase(`${spec.name} grad-weight`, { M: K, N: spec.units, K: b, transA: true }),
    ];
    if (i > 0) cases.push(matmulCase(`${spec.name} grad-input`, { M: b, N: K, K: spec.units, transB: true }));
    return cases;
  });
}

export async function kernelBench(
  ctx: GpuContext & { hasTimestamps: boolean },
  model: ModelSpec,
  batches: readonly number[],
  now: () => number,
  repeats = 5,
): Promise<KernelFigure[]> {
  const out: KernelFigure[] = [];
  const random = rng(7);
  for (const b of batches) {
    for (const c of modelCases(model, b)) {
      const made: GPUBuffer[] = [];
      const buffer = (floats: number): GPUBuffer => {
        const data = new Float32Array(Math.max(1, floats));
        for (let i = 0; i < data.length; i++) data[i] = random() - 0.5;
        const buf = ctx.device.createBuffer({ label: `bench/${c.kernel}`, size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
        ctx.device.queue.writeBuffer(buf, 0, data);
        made.push(buf);
        return buf;
      };
      try {
        const times = await timeDispatches(ctx.device, await c.build(ctx, buffer), { repeats, timestamps: ctx.hasTimestamps, now });
        const ms = times.reduce((s, t) => s + t.ms, 0);
        out.push({ kernel: c.kernel, shape: c.shape, ms, gflop_per_s: c.flops / (ms * 1e6) });
      } finally {
        for (const buf of made) buf.destroy();
      }
    }
  }
  return out;
}
