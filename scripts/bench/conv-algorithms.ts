// The A/B behind src/cpu/layers/conv-algorithm.ts: each conv layer shape of the presets, at
// batch 64 and 1 (or --batches), run by im2col + GEMM and by Winograd on one thread: forward,
// filter gradient and input gradient timed by this process's CPU time in interleaved rounds
// (A B A B …, so drift on a shared machine hits both), min and median ms per call. Not a test:
// it asserts nothing.
//   npx tsx scripts/bench/conv-algorithms.ts [--rounds 9] [--round-ms 60] [--batches 64,1] [--layers 'cnn-bn conv']
import { parseArgs } from 'node:util';
import { conv2dGeometry, type Conv2dShape } from '../../src/model/geometry.ts';
import { ArenaPlan, f32, type Region } from '../../src/cpu/arena.ts';
import { instantiate, kernelModule, newMemory } from '../../src/cpu/wasm/module.ts';
import { winogradSlotFloats } from '../../src/cpu/layers/conv-algorithm.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    'round-ms': { type: 'string', default: '60' },
    batches: { type: 'string', default: '64,1' },
    layers: { type: 'string', default: '' },
  },
});
const ROUNDS = Number(values.rounds);
const ROUND_MS = Number(values['round-ms']);

// The conv layers of the presets (src/model/presets.ts): cnn's, then cnn-deep's and cnn-bn's.
const LAYERS: [string, Omit<Conv2dShape, 'batch'>][] = [
  ['cnn conv1', { inC: 1, inH: 28, inW: 28, outC: 32, kernel: 3, stride: 1, padding: 'valid' }],
  ['cnn-bn conv1', { inC: 1, inH: 28, inW: 28, outC: 32, kernel: 3, stride: 1, padding: 'same' }],
  ['cnn-bn conv2', { inC: 32, inH: 14, inW: 14, outC: 64, kernel: 3, stride: 1, padding: 'same' }],
  ['cnn-bn conv3', { inC: 64, inH: 7, inW: 7, outC: 128, kernel: 3, stride: 1, padding: 'same' }],
];

/** This process's CPU milliseconds: on a machine shared with other work, time descheduled is not counted. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function timeRound(call: () => void): number {
  const t0 = cpuMs();
  let reps = 0;
  let t = t0;
  do {
    call();
    reps++;
    t = cpuMs();
  } while (t - t0 < ROUND_MS);
  return (t - t0) / reps;
}

/** Regions of one memory for `arrays` (a length each), filled with values in [−1, 1), and the kernels on it. */
async function bench(arrays: Record<string, number>) {
  const plan = new ArenaPlan();
  const regions: Record<string, Region> = {};
  for (const [name, n] of Object.entries(arrays)) regions[name] = plan.floats(name, n);
  const memory = newMemory(plan.bytes, false);
  const k = await instantiate(await kernelModule(false), memory);
  let seed = 1;
  for (const r of Object.values(regions)) {
    const a = f32(memory, r);
    for (let i = 0; i < a.length; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      a[i] = seed / 2 ** 31 - 1;
    }
  }
  return { k, regions };
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const fmt = (a: number[]) => `min ${Math.min(...a).toFixed(3)} med ${median(a).toFixed(3)} ms`;

/** Interleaved rounds of each named call; min and median per call. */
function ab(calls: Record<string, () => void>): string {
  const times: Record<string, number[]> = {};
  for (const [n, f] of Object.entries(calls)) {
    f();
    times[n] = [];
  }
  for (let r = 0; r < ROUNDS; r++) for (const [n, f] of Object.entries(calls)) times[n].push(timeRound(f));
  return Object.entries(times)
    .map(([n, t]) => `${n}: ${fmt(t)}`)
    .join(' | ');
}

for (const batch of values.batches.split(',').map(Number)) {
  for (const [label, l] of LAYERS.filter(([n]) => n.includes(values.layers))) {
    const s: Conv2dShape = { ...l, batch };
    const g = conv2dGeometry(s);
    const P = g.outH * g.outW;
    const ckk = s.inC * s.kernel * s.kernel;
    const { k, regions: r } = await bench({
      x: batch * s.inC * s.inH * s.inW,
      w: s.outC * ckk,
      bias: s.outC,
      dy: batch * s.outC * P,
      y: batch * s.outC * P,
      dx: batch * s.inC * s.inH * s.inW,
      dw: s.outC * ckk,
      cols: batch * ckk * P,
      colsT: batch * ckk * P,
      u: 16 * s.outC * s.inC,
      scratch: Math.max(
        winogradSlotFloats(s.inC, s.outC, g.outH, g.outW, Math.min(batch, 4)),
        winogradSlotFloats(s.outC, s.inC, s.inH, s.inW, Math.min(batch, 4)),
      ),
    });
    const geom = [s.inC, s.inH, s.inW, s.outC, s.kernel, s.stride, g.padTop, g.padLeft, g.outH, g.outW] as const;
    const fwdIm2col = () => k.conv2d_forward(r.x.offset, r.w.offset, r.bias.offset, r.y.offset, r.cols.offset, 0, ...geom, 1, 0, batch);
    // Winograd: the filter's transform (once a step) and the forward, `chunk` images a GEMM.
    const fwdWinograd = (chunk: number) => () => {
      k.conv2d_winograd_filter(r.w.offset, r.u.offset, s.inC, s.outC, 0, s.outC);
      k.conv2d_winograd_forward(
        r.x.offset,
        r.u.offset,
        r.bias.offset,
        r.y.offset,
        r.scratch.offset,
        chunk,
        chunk,
        s.inC,
        s.inH,
        s.inW,
        s.outC,
        g.padTop,
        g.padLeft,
        g.outH,
        g.outW,
        1,
        0,
        batch,
      );
    };
    const dxWinograd = () => {
      k.conv2d_winograd_filter_t(r.w.offset, r.u.offset, s.inC, s.outC, 0, s.inC);
      k.conv2d_winograd_forward(
        r.dy.offset,
        r.u.offset,
        0,
        r.dx.offset,
        r.scratch.offset,
        1,
        1,
        s.outC,
        g.outH,
        g.outW,
        s.inC,
        2 - g.padTop,
        2 - g.padLeft,
        s.inH,
        s.inW,
        0,
        0,
        batch,
      );
    };
    const dwIm2col = () => {
      k.conv2d_patches_t(r.cols.offset, r.colsT.offset, ckk, P, 0, batch);
      k.conv2d_filter_grad(r.dy.offset, r.colsT.offset, r.dw.offset, batch, s.outC, ckk, P, 0, s.outC);
    };
    const dxIm2col = () => k.conv2d_input_grad(r.dy.offset, r.w.offset, r.dx.offset, r.cols.offset, 1, ...geom, 0, batch);
    const flops = 2 * batch * s.outC * P * ckk;
    console.log(`${label} batch ${batch} (${(flops / 1e6).toFixed(1)} MFLOP a pass)`);
    console.log(`  forward      ${ab({ im2col: fwdIm2col, winograd1: fwdWinograd(1), ...(batch >= 4 ? { winograd4: fwdWinograd(4) } : {}) })}`);
    // The filter gradient reads the patches of the forward by im2col.
    fwdIm2col();
    console.log(`  filter grad  ${ab({ im2col: dwIm2col })}`);
    console.log(`  input grad   ${ab({ im2col: dxIm2col, winograd1: dxWinograd })}`);
  }
}
