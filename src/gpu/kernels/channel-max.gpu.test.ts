import { describe, it } from 'vitest';
import { channelMax } from './channel-max.ts';
import { channelMax as channelMaxRef } from '../../reference/channel-max.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu } from '../../testing/gpu.ts';
import { assertClose } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';
import { channelLayout } from '../../model/channels.ts';
import { size } from '../../model/shape.ts';

// A maximum picks one of its inputs: exact.
const EXACT = { atol: 0, rtol: 0 };

const cases = [
  { name: 'maps [3, 5, 7], 9 rows', rows: 9, output: [3, 5, 7] },
  // More (row, channel) pairs than one workgroup of 64, and a 1×1 map.
  { name: 'maps [33, 1, 1], 5 rows', rows: 5, output: [33, 1, 1] },
  { name: 'units [70], 3 rows', rows: 3, output: [70] },
  { name: 'a sequence [4, 6], 11 rows', rows: 11, output: [4, 6] },
];

describe('channel-max kernel vs reference', () => {
  it.each(cases)('$name', async ({ rows, output }) => {
    const gpu = await testGpu();
    // Negative values too: a channel's maximum is not clipped at 0.
    const x = randomF32(rows * size(output), 7, -3, 1);
    const channels = channelLayout(output).channels;
    const maxima = emptyBuffer(gpu, rows * channels * 4);
    await run(gpu, await channelMax(gpu, { rows, output }, { x: gpuBuffer(gpu, x), maxima }));
    assertClose(await readF32(gpu, maxima, rows * channels), channelMaxRef(x, rows, output), EXACT, 'channel maxima');
  });
});
