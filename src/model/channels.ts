// What "a channel" of a layer's output is, for every view that reads one (the top test digits of
// a channel, its picture) and for every engine that reduces over one (testOutputs' channel-max):
// a map [C, H, W] has C channels of H·W positions; a sequence [T, F] has F features over T steps;
// a vector [F] has F units of one value each.
import { size, type Shape } from './shape.ts';

export interface ChannelLayout {
  channels: number;
  /** Values per channel. */
  positions: number;
  /** Floats between channel c and c + 1 at the same position, and between positions of one channel. */
  channelStride: number;
  positionStride: number;
}

export function channelLayout(shape: Shape): ChannelLayout {
  if (shape.length === 3) return { channels: shape[0], positions: shape[1] * shape[2], channelStride: shape[1] * shape[2], positionStride: 1 };
  if (shape.length === 2) return { channels: shape[1], positions: shape[0], channelStride: 1, positionStride: shape[1] };
  return { channels: size(shape), positions: 1, channelStride: 1, positionStride: 1 };
}

/** Each channel's largest value of one image's output (`values`, the output's floats from `at`). */
export function channelMaxima(values: Float32Array, layout: ChannelLayout, at = 0, into = new Float32Array(layout.channels)): Float32Array {
  for (let c = 0; c < layout.channels; c++) {
    let best = -Infinity;
    for (let p = 0; p < layout.positions; p++) best = Math.max(best, values[at + c * layout.channelStride + p * layout.positionStride]);
    into[c] = best;
  }
  return into;
}
