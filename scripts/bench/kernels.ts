// --kernels: GFLOP/s of the GEMM-shaped kernels at the shapes the seed CNN runs them, per batch
// size: the dense layers' matmuls forward and backward, and conv2d forward and both gradients.
import { conv2d, conv2dGradFilter, conv2dGradFilterScratchBytes, conv2dGradInput, conv2dGeometry, type Conv2dShape } from '../../src/gpu/kernels/conv2d.ts';
import { matmul, type MatmulShape } from '../../src/gpu/kernels/matmul.ts';
import type { Dispatch, GpuContext } from '../../src/gpu/dispatch.ts';
import { rng } from '../../src/data/random.ts';
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
    build: (ctx, buf) => matmul(ctx, s, { a: buf(s.M * s.K), b: buf(s.K * s.N), bias: bias ? buf(s.N) : undefined, out: buf(s.M * s.N) }, kernel),
  };
}

function convCases(s: Conv2dShape): KernelCase[] {
  const g = conv2dGeometry(s);
  const x = s.batch * s.inC * s.inH * s.inW;
  const w = s.outC * s.inC * s.kernel * s.kernel;
  const y = s.batch * s.outC * g.outH * g.outW;
  const flops = 2 * y * s.inC * s.kernel * s.kernel;
  const shape = `${s.batch}×${s.inC}×${s.inH}×${s.inW} → ${s.outC} ${s.kernel}×${s.kernel}`;
  return [
    { kernel: 'conv2d forward', shape, flops, build: (ctx, buf) => conv2d(ctx, s, { x: buf(x), w: buf(w), bias: buf(s.outC), out: buf(y) }, 'conv2d forward') },
    {
      kernel: 'conv2d grad-filter',
      shape,
      flops,
      build: (ctx, buf) =>
        conv2dGradFilter(ctx, s, { dy: buf(y), x: buf(x), dw: buf(w), db: buf(s.outC), scratch: buf(conv2dGradFilterScratchBytes(s) / 4) }, 'conv2d grad-filter'),
    },
    { kernel: 'conv2d grad-input', shape, flops, build: (ctx, buf) => conv2dGradInput(ctx, s, { dy: buf(y), w: buf(w), dx: buf(x) }, 'conv2d grad-input') },
  ];
}

/** The seed CNN's kernels at batch `b`: conv 1→32 3×3 on 28×28, dense 5408→128 and 128→10. */
export function seedCnnCases(b: number): KernelCase[] {
  return [
    ...convCases({ batch: b, inC: 1, inH: 28, inW: 28, outC: 32, kernel: 3, stride: 1, padding: 'valid', relu: true }),
    matmulCase('dense1 forward', { M: b, N: 128, K: 5408, relu: true }, true),
    matmulCase('dense1 grad-weight', { M: 5408, N: 128, K: b, transA: true }),
    matmulCase('dense1 grad-input', { M: b, N: 5408, K: 128, transB: true }),
    matmulCase('dense2 forward', { M: b, N: 10, K: 128 }, true),
    matmulCase('dense2 grad-weight', { M: 128, N: 10, K: b, transA: true }),
  ];
}

export async function kernelBench(
  ctx: GpuContext & { hasTimestamps: boolean },
  batches: readonly number[],
  now: () => number,
  repeats = 5,
): Promise<KernelFigure[]> {
  const out: KernelFigure[] = [];
  const random = rng(7);
  for (const b of batches) {
    for (const c of seedCnnCases(b)) {
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
