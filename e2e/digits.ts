// Scripted digits as strokes in pad coordinates from 0 to 1, drawn the way a person would.
export type Stroke = [number, number][];

export const DIGITS: Record<'one' | 'seven' | 'zero', Stroke[]> = {
  one: [
    [
      [0.5, 0.15],
      [0.5, 0.85],
    ],
  ],
  seven: [
    [
      [0.25, 0.2],
      [0.75, 0.2],
      [0.45, 0.85],
    ],
  ],
  zero: [
    Array.from({ length: 25 }, (_, i): [number, number] => {
      const t = (i / 24) * 2 * Math.PI;
      return [0.5 + 0.22 * Math.sin(t), 0.5 - 0.33 * Math.cos(t)];
    }),
  ],
};
