// Each channel's largest value per row on the CPU: the oracle for the channel-max kernel, and what
// a CPU engine's testOutputs(…, 'channel-max') gives.
import { channelLayout, channelMaxima } from '../model/channels.ts';
import { size, type Shape } from '../model/shape.ts';

export function channelMax(x: Float32Array, rows: number, output: Shape): Float32Array {
  const l = channelLayout(output);
  const out = new Float32Array(rows * l.channels);
  for (let r = 0; r < rows; r++) channelMaxima(x, l, r * size(output), out.subarray(r * l.channels, (r + 1) * l.channels));
  return out;
}
