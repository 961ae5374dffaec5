// Where each channel sits in a layer's inside-view picture (src/ui/inside/pictures.ts), as
// fractions of the picture, so a button can cover it: maps [C, H, W] are tiles in a near-square
// grid with 1-pixel gaps; units [F] are one column each; a sequence [T, F] is one tile whose
// columns are its features.

export interface ChannelBox {
  channel: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

export function channelBoxes(shape: readonly number[]): ChannelBox[] {
  if (shape.length === 3) {
    const [count, h, w] = shape;
    const cols = Math.ceil(Math.sqrt(count));
    const rows = Math.ceil(count / cols);
    const width = cols * (w + 1) - 1;
    const height = rows * (h + 1) - 1;
    return Array.from({ length: count }, (_, m) => ({
      channel: m,
      left: ((m % cols) * (w + 1)) / width,
      top: (Math.floor(m / cols) * (h + 1)) / height,
      width: w / width,
      height: h / height,
    }));
  }
  const features = shape[shape.length - 1];
  return Array.from({ length: features }, (_, f) => ({ channel: f, left: f / features, top: 0, width: 1 / features, height: 1 }));
}
