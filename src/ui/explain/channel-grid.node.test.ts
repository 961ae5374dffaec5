import { describe, expect, it } from 'vitest';
import { channelBoxes } from './channel-grid.ts';

describe('channelBoxes', () => {
  it('follows the tiles of maps: 5 maps of 2×3 in a 3-column grid 11 wide and 5 high', () => {
    const boxes = channelBoxes([5, 2, 3]);
    expect(boxes).toHaveLength(5);
    expect(boxes[0]).toEqual({ channel: 0, left: 0, top: 0, width: 3 / 11, height: 2 / 5 });
    expect(boxes[4]).toEqual({ channel: 4, left: 4 / 11, top: 3 / 5, width: 3 / 11, height: 2 / 5 });
  });

  it('gives units and a sequence one column per feature', () => {
    expect(channelBoxes([4])[1]).toEqual({ channel: 1, left: 0.25, top: 0, width: 0.25, height: 1 });
    expect(channelBoxes([28, 4]).map((b) => b.left)).toEqual([0, 0.25, 0.5, 0.75]);
  });
});
