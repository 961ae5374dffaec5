import { describe, expect, it } from 'vitest';
import { planConv2d, planConv2dGradInput } from './conv2d-plan.ts';
import { conv2dGradFilterScratchBytes, planConv2dGradFilter, softwareSplits } from './conv2d-grad-filter-plan.ts';
import type { Conv2dShape } from '../../model/geometry.ts';

const GPU = { software: false };
const SOFTWARE = { software: true };

const conv = (batch: number, inC: number, inH: number, outC: number, stride: number, padding: 'valid' | 'same'): Conv2dShape => ({
  batch,
  inC,
  inH,
  inW: inH,
  outC,
  kernel: 3,
  stride,
  padding,
});

const SEED_CONV1 = conv(64, 1, 28, 32, 1, 'valid');
const CNN_BN_CONV3 = conv(32, 64, 7, 128, 1, 'same');

type Plan = [variant: string, entry: string, workgroups: [number, number, number]];
type Row = [name: string, shape: Conv2dShape, forward: Plan, gradInput: Plan, gradFilter: Plan];

// On a software adapter; `border` below says which read a bordered copy.
const software: Row[] = [
  // 26 × 26 output pixels an image: vec4 stores; its input gradient's 28 × 28 likewise.
  [
    'the seed conv1',
    SEED_CONV1,
    ['software-vec4', 'conv2d-software-vec4:main', [85, 2, 1]],
    ['software-flipped-vec4', 'conv2d-software-vec4:main', [98, 1, 1]],
    ['software', 'conv2d-grad-filter:software', [1, 4, 1]],
  ],
  // 13 × 13 pixels: f32 stores.
  [
    '13×13, same',
    conv(2, 3, 13, 5, 1, 'same'),
    ['software', 'conv2d-software:main', [2, 1, 1]],
    ['software-flipped', 'conv2d-software:main', [2, 1, 1]],
    ['software', 'conv2d-grad-filter:software', [1, 1, 1]],
  ],
  // Stride 2: the input gradient takes the tiled shader's barrier-free entry.
  [
    'stride 2',
    conv(2, 3, 14, 8, 2, 'same'),
    ['software', 'conv2d-software:main', [1, 1, 1]],
    ['software', 'conv2d-grad-input:software', [2, 1, 1]],
    ['software', 'conv2d-grad-filter:software', [1, 1, 1]],
  ],
  // The TALL (8 pixels) threshold: 8 workgroups of them at batch 2, 4 at batch 1.
  [
    '28×28 same, batch 1',
    conv(1, 1, 28, 32, 1, 'same'),
    ['software-vec4', 'conv2d-software-vec4:main', [4, 2, 1]],
    ['software-flipped-vec4', 'conv2d-software-vec4:main', [4, 1, 1]],
    ['software', 'conv2d-grad-filter:software', [1, 4, 1]],
  ],
  [
    '28×28 same, batch 2',
    conv(2, 1, 28, 32, 1, 'same'),
    ['software-vec4', 'conv2d-software-vec4:main', [4, 2, 1]],
    ['software-flipped-vec4', 'conv2d-software-vec4:main', [7, 1, 1]],
    ['software', 'conv2d-grad-filter:software', [1, 4, 1]],
  ],
  [
    'cnn-bn’s conv3',
    CNN_BN_CONV3,
    ['software', 'conv2d-software:main', [4, 8, 1]],
    ['software-flipped', 'conv2d-software:main', [4, 4, 1]],
    ['software', 'conv2d-grad-filter:software', [1, 16, 5]],
  ],
  // A grid past 65535 workgroups: the tiled kernels even here (M tiles folded into grid z).
  [
    'batch 30000',
    conv(30000, 1, 28, 32, 1, 'same'),
    ['tiled', 'conv2d:main', [65535, 1, 6]],
    ['tiled', 'conv2d-grad-input:main', [65535, 1, 6]],
    ['tiled', 'conv2d-grad-filter:main', [1, 1, 256]],
  ],
];

const summary = (p: { variant: string; shader: string; entryPoint: string; workgroups: readonly number[] }) => [
  p.variant,
  `${p.shader}:${p.entryPoint}`,
  p.workgroups,
];

describe('conv2d plans', () => {
  it.each(software)('on a software adapter: %s', (_, shape, forward, gradInput, gradFilter) => {
    expect(summary(planConv2d(shape, SOFTWARE))).toEqual(forward);
    expect(summary(planConv2dGradInput(shape, SOFTWARE))).toEqual(gradInput);
    expect(summary(planConv2dGradFilter(shape, SOFTWARE))).toEqual(gradFilter);
  });

  it.each(software)('on a GPU, tiles: %s', (_, shape) => {
    expect(planConv2d(shape, GPU)).toMatchObject({ variant: 'tiled', shader: 'conv2d', entryPoint: 'main', border: null });
    expect(planConv2dGradInput(shape, GPU)).toMatchObject({ variant: 'tiled', shader: 'conv2d-grad-input', entryPoint: 'main', border: null });
    expect(planConv2dGradFilter(shape, GPU)).toMatchObject({ variant: 'tiled', entryPoint: 'main', bordered: false });
  });

  it('tiles narrow where a dimension is small, with TK a multiple of the loader’s step', () => {
    expect(planConv2d(SEED_CONV1, GPU)).toMatchObject({ workgroups: [676, 1, 1], constants: { WG_M: 16, WG_N: 8, TK: 10, TILES_X: 676 } });
    expect(planConv2d(conv(1, 1, 8, 9, 1, 'same'), GPU).constants).toMatchObject({ WG_N: 4, TK: 9 });
    expect(planConv2dGradFilter(SEED_CONV1, GPU)).toMatchObject({ workgroups: [1, 1, 246], splits: 246, constants: { WG_M: 8, WG_N: 4, CHUNK: 176 } });
  });

  it('borders x for a same-padded software forward, dy for a stride-1 software input gradient, and nothing else', () => {
    expect(planConv2d(SEED_CONV1, SOFTWARE).border).toBeNull();
    expect(planConv2d(CNN_BN_CONV3, SOFTWARE).border).toEqual({ planes: 32 * 64, inH: 7, inW: 7, outH: 9, outW: 9, top: 1, left: 1 });
    expect(planConv2d(CNN_BN_CONV3, SOFTWARE).constants).toMatchObject({ IN_H: 9, IN_W: 9, WIDE: 1, TALL: 1 });
    expect(planConv2dGradInput(SEED_CONV1, SOFTWARE).border).toEqual({ planes: 64 * 32, inH: 26, inW: 26, outH: 30, outW: 30, top: 2, left: 2 });
    expect(planConv2dGradInput(conv(2, 3, 14, 8, 2, 'same'), SOFTWARE).border).toBeNull();
    expect(planConv2dGradFilter(SEED_CONV1, SOFTWARE).bordered).toBe(false);
    expect(planConv2dGradFilter(CNN_BN_CONV3, SOFTWARE)).toMatchObject({ bordered: true, constants: { IN_H: 9, PAD_T: 0, PAD_L: 0 } });
  });

  it('takes 8 pixels an invocation (TALL) from 8 workgroups of them, 16 channels (WIDE) past 8', () => {
    expect(planConv2d(conv(1, 1, 28, 32, 1, 'same'), SOFTWARE).constants).toMatchObject({ TALL: 0, WIDE: 1 });
    expect(planConv2d(conv(2, 1, 28, 32, 1, 'same'), SOFTWARE).constants).toMatchObject({ TALL: 1, WIDE: 1 });
    expect(planConv2d(conv(2, 3, 13, 8, 1, 'same'), SOFTWARE).constants).toMatchObject({ WIDE: 0 });
    expect(planConv2d(conv(2, 3, 13, 9, 1, 'same'), SOFTWARE).constants).toMatchObject({ WIDE: 1 });
  });

  it('reads the flipped, transposed filter in the stride-1 software input gradient', () => {
    expect(planConv2dGradInput(CNN_BN_CONV3, SOFTWARE).constants).toMatchObject({ IN_C: 128, OUT_C: 64, W0: 8, WO: 9, WC: 576, WKH: -3, WKW: -1 });
  });

  it('gives the software filter gradient blocks of 8 channels × 12 or 16 taps, in as few splits as keep it busy', () => {
    expect(planConv2dGradFilter(SEED_CONV1, SOFTWARE).constants).toMatchObject({ SPLITS: 64, TAPS: 12, CHANNELS: 8 });
    expect(planConv2dGradFilter(CNN_BN_CONV3, SOFTWARE).constants).toMatchObject({ SPLITS: 8, TAPS: 16, CHANNELS: 8 });
    expect(softwareSplits(16, 1664)).toBe(64); // the seed conv at batch 64
    expect(softwareSplits(576, 448)).toBe(8); // cnn-bn's conv2 at batch 32
    expect(softwareSplits(2304, 224)).toBe(2); // cnn-bn's conv3 at batch 32
    expect(softwareSplits(4, 3)).toBe(2);
    expect(softwareSplits(1, 1)).toBe(1);
  });

  it('sizes the filter gradient’s scratch for the more slices of the two adapters', () => {
    expect(conv2dGradFilterScratchBytes(SEED_CONV1)).toBe(246 * (32 * 9 + 32) * 4);
    expect(conv2dGradFilterScratchBytes(conv(2, 3, 13, 5, 1, 'same'))).toBe(16 * 140 * 4);
  });
});
