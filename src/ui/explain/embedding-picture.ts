// The embedding map on a canvas: every digit a dot coloured by its true label (Tableau's ten
// colours, told apart in light and dark themes), the drawn digit a ringed cross, and which dot is
// under the pointer. Each dot is a small square, one fillRect: paths of thousands of arcs cost
// far more to fill, and this is drawn again as the pointer moves.

export const LABEL_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Room around the points, as a share of the side, so dots at the edge are whole. */
export const MARGIN = 0.03;

/** Where a place in [0, 1]² is on a square of `side` pixels. */
export function toPixels(x: number, y: number, side: number): [number, number] {
  const inner = side * (1 - 2 * MARGIN);
  return [side * MARGIN + x * inner, side * MARGIN + y * inner];
}

/** The index of the point nearest to (px, py) on a square of `side` pixels, if one is within `reach` pixels; else -1. */
export function pointAt(places: Float32Array, side: number, px: number, py: number, reach: number): number {
  let best = -1;
  let bestD2 = reach * reach;
  for (let i = 0; i < places.length / 2; i++) {
    const [x, y] = toPixels(places[2 * i], places[2 * i + 1], side);
    const d2 = (x - px) ** 2 + (y - py) ** 2;
    if (d2 <= bestD2) [best, bestD2] = [i, d2];
  }
  return best;
}

export interface MapPicture {
  places: Float32Array;
  labels: Uint8Array;
  /** The drawn digit's place, if any. */
  marked: { x: number; y: number } | null;
  /** The dot under the pointer, or -1. */
  hovered: number;
}

/** Draws the map on a square context of `side` pixels (already scaled for the device's pixels); `ink` is the mark's colour. */
export function drawMap(ctx: CanvasRenderingContext2D, side: number, { places, labels, marked, hovered }: MapPicture, ink: string): void {
  ctx.clearRect(0, 0, side, side);
  const radius = Math.max(1.5, side / 220);
  ctx.globalAlpha = 0.75;
  for (let label = 0; label < LABEL_COLOURS.length; label++) {
    ctx.fillStyle = LABEL_COLOURS[label];
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] !== label) continue;
      const [x, y] = toPixels(places[2 * i], places[2 * i + 1], side);
      ctx.fillRect(x - radius, y - radius, 2 * radius, 2 * radius);
    }
  }
  ctx.globalAlpha = 1;
  ctx.strokeStyle = ink;
  if (hovered >= 0) {
    const [x, y] = toPixels(places[2 * hovered], places[2 * hovered + 1], side);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(x, y, radius * 2.5, 0, 2 * Math.PI);
    ctx.stroke();
  }
  if (marked) {
    // The drawn digit may land beyond the test digits' square: shown at its edge.
    const [x, y] = toPixels(Math.min(1, Math.max(0, marked.x)), Math.min(1, Math.max(0, marked.y)), side);
    const r = radius * 5;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.moveTo(x - r * 1.6, y);
    ctx.lineTo(x + r * 1.6, y);
    ctx.moveTo(x, y - r * 1.6);
    ctx.lineTo(x, y + r * 1.6);
    ctx.stroke();
  }
}
