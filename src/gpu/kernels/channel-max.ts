// channel-max: each channel's largest value per row of a batch of one layer's outputs, so that
// ranking the test set by a channel reads back [rows, channels] instead of whole feature maps.
import code from '../../shaders/channel-max.wgsl?raw';
import { ceilDiv, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { channelLayout } from '../../model/channels.ts';
import { requirePositiveIntegers, size, type Shape } from '../../model/shape.ts';

export const channelMaxShader = { name: 'channel-max', code };

export interface ChannelMaxShape {
  rows: number;
  /** One row's output shape, without the batch. */
  output: Shape;
}

export interface ChannelMaxBuffers {
  /** [rows, ...output] */
  x: Binding;
  /** [rows, channels], overwritten. */
  maxima: Binding;
}

const WG = 64;

export async function channelMax(ctx: GpuContext, shape: ChannelMaxShape, buffers: ChannelMaxBuffers, label = 'channel-max'): Promise<Dispatch[]> {
  const { rows, output } = shape;
  const l = channelLayout(output);
  requirePositiveIntegers(label, { rows, size: size(output), channels: l.channels, positions: l.positions });
  const d = await makeDispatch(ctx, {
    label,
    shader: channelMaxShader,
    constants: {
      ROWS: rows,
      SIZE: size(output),
      CHANNELS: l.channels,
      POSITIONS: l.positions,
      CHANNEL_STRIDE: l.channelStride,
      POSITION_STRIDE: l.positionStride,
    },
    bindings: [buffers.x, buffers.maxima],
    workgroups: [ceilDiv(rows * l.channels, WG), 1, 1],
  });
  return [d];
}
