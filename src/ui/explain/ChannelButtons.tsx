import { memo, useMemo } from 'react';
import { useInkling } from '../core/store';
import { channelBoxes } from './channel-grid';
import { chooseChannel } from './commands';

const percent = (f: number) => `${(f * 100).toFixed(3)}%`;

interface Props {
  layer: number;
  name: string;
  shape: number[];
}

/**
 * A button over each channel of a layer's picture: choosing one shows the test digits that drive it hardest. Every inside-view
 * update brings a new shape array of the same values: the buttons (hundreds in a wide network) are rendered again only when
 * the layer itself changes, or a react re-render of them all would hold the page's thread during training.
 */
export const ChannelButtons = memo(ChannelButtonsOf, (a: Props, b: Props) => a.layer === b.layer && a.name === b.name && a.shape.join() === b.shape.join());

function ChannelButtonsOf({ layer, name, shape }: Props) {
  const key = shape.join('×');
  const boxes = useMemo(() => channelBoxes(shape), [key]);
  const chosen = useInkling((s) => (s.explain.channel?.layer === layer ? s.explain.channel.channel : null));
  const what = shape.length === 1 ? 'unit' : 'channel';
  return (
    <div className="channel-buttons">
      {boxes.map((b) => (
        <button
          key={b.channel}
          type="button"
          data-testid="inside-channel"
          data-layer={layer}
          data-channel={b.channel}
          aria-pressed={chosen === b.channel}
          aria-label={`${name} ${what} ${b.channel}: show the test digits that drive it most`}
          title={`${name} ${what} ${b.channel}`}
          style={{ left: percent(b.left), top: percent(b.top), width: percent(b.width), height: percent(b.height) }}
          onClick={() => chooseChannel(layer, b.channel)}
        />
      ))}
    </div>
  );
}
