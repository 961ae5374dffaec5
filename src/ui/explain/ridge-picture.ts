// Histograms over a run drawn as TensorBoard's offset view: one ridge per evaluation, the oldest
// at the top and each later one lower down (the step on the y axis), every ridge's bins placed on
// one value axis shared by the whole run, its height scaled to its own tallest bin. Pure geometry
// (ridgeOutlines) and one drawing function on a canvas of fixed pixels.
import type { Histogram } from '../../worker/protocol';

/** The value axis every ridge shares: the run's smallest and largest value. */
export function valueRange(histograms: readonly Histogram[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const h of histograms) {
    min = Math.min(min, h.min);
    max = Math.max(max, h.max);
  }
  if (!(max > min)) return { min: min - 1, max: min + 1 };
  return { min, max };
}

export interface Frame {
  width: number;
  height: number;
  /** Pixels of a ridge's tallest bin; ridges overlap when it is more than their spacing. */
  peak: number;
  /** Room left for the step labels, and above the first ridge. */
  left: number;
  top: number;
}

/** Each ridge's outline, oldest first: points (x, y) in pixels from the base line's left end, through each bin's middle, back to the base. */
export function ridgeOutlines(histograms: readonly Histogram[], frame: Frame): { base: number; points: [number, number][] }[] {
  const { min, max } = valueRange(histograms);
  const n = histograms.length;
  const spacing = n > 1 ? (frame.height - frame.top - 1) / (n - 1 + 0.0001) : 0;
  const xOf = (v: number) => frame.left + ((v - min) / (max - min)) * (frame.width - frame.left - 1);
  return histograms.map((h, i) => {
    const base = n > 1 ? frame.top + i * spacing : frame.height - 1;
    const tallest = Math.max(1, ...h.counts);
    const bins = h.counts.length;
    const width = (h.max - h.min) / bins;
    const points: [number, number][] = [[xOf(h.min), base]];
    h.counts.forEach((c, b) => points.push([xOf(h.min + (b + 0.5) * width), base - (c / tallest) * frame.peak]));
    points.push([xOf(h.max), base]);
    return { base, points };
  });
}

export interface RidgeColours {
  line: string;
  /** The fill of the oldest and of the newest ridge, as "r, g, b". */
  old: [number, number, number];
  recent: [number, number, number];
  background: string;
}

/** Draws the ridges (oldest first, so newer ones cover older ones) on a context of frame.width × frame.height pixels. */
export function drawRidges(ctx: CanvasRenderingContext2D, histograms: readonly Histogram[], frame: Frame, colours: RidgeColours): void {
  ctx.fillStyle = colours.background;
  ctx.fillRect(0, 0, frame.width, frame.height);
  const outlines = ridgeOutlines(histograms, frame);
  const n = outlines.length;
  outlines.forEach(({ points }, i) => {
    const t = n > 1 ? i / (n - 1) : 1;
    const mix = colours.old.map((o, k) => Math.round(o + (colours.recent[k] - o) * t));
    ctx.beginPath();
    ctx.moveTo(points[0][0], points[0][1]);
    for (const [x, y] of points.slice(1)) ctx.lineTo(x, y);
    ctx.closePath();
    ctx.fillStyle = `rgb(${mix.join(', ')})`;
    ctx.fill();
    ctx.strokeStyle = colours.line;
    ctx.lineWidth = 1;
    ctx.stroke();
  });
}
